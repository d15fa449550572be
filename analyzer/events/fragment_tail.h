// What a header-less stack fragment's tail says about the report it came
// from (issue 8 class 3): a paste holding only frames, RIP, registers and
// '---[ end trace' still shows whether the report was an oops or a WARNING.
#pragma once

#include "analyzer/events/event.h"

namespace crashsift::events {

// Sets details["tail"] on a stack_fragment event:
//   "oops"     '---[ end trace' after an oops's summary lines (a standalone
//              'CR2:', 'Modules linked in:' after the stack as 5.x+ __die
//              prints it, a kernel 'Code:' line, 2.6-4.x's 'RIP  [<..>]' /
//              ' RSP <..>' summary), or a kernel 'RIP: 0010:', 'Kernel
//              panic' or 'Fatal exception' right after it (oops_end);
//   "warning"  '---[ end trace' right after the stack, '</TASK>' or the
//              user-space registers (__warn prints nothing in between);
//   "sleeping" no end trace, a scheduler frame (a blocked task's stack);
//   "running"  no end trace, kernel frames, none in the scheduler.
// Nothing for a fragment with neither frames nor an end trace.
void DescribeFragmentTail(Event& event);

}  // namespace crashsift::events
