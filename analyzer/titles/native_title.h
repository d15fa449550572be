// Titles for people, kept apart from the syzkaller-compatible ones.
//
// syzkaller's rules give "INFO: rcu detected stall in corrupted" or
// "BUG: corrupted" when its frame recipe finds no frame or when the report
// format itself is marked corrupted, although the report may be whole and
// name the looping function in its RIP line. NativeTitle replaces such a
// "corrupted" placeholder with the function the event itself names (RIP,
// else the first reliable frame outside the scheduler and stack-dump
// helpers), or drops it. Damage says whether a report is really damaged:
// cut short or interleaved with other output, as opposed to a syzkaller
// verdict on its format.
#pragma once

#include <string>

#include "analyzer/events/event.h"

namespace crashsift::titles {

// Never contains "corrupted" unless the kernel's own words do ("stack is
// corrupted in ..."). Pure; equals event.title when that has no placeholder.
std::string NativeTitle(const events::Event& event);

// Why the report is damaged (cut or interleaved), for people; "" when its
// corrupted verdict (if any) is a format verdict, not damage to the text.
std::string Damage(const events::Event& event);

}  // namespace crashsift::titles
