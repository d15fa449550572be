// Kind-specific details of an event from its structural lines (split from
// event_headlines.cc: this file reads fields, that one decides roles).
#include "analyzer/events/event_details.h"

#include <map>
#include <string>

#include "analyzer/events/device_errors.h"
#include "analyzer/events/stack_frame_parser.h"
#include "analyzer/events/text_scan.h"
#include "analyzer/kernel_log/report_markers.h"

namespace crashsift::events {

using kernel_log::Marker;
using kernel_log::MarkerText;
using scan::DigitsAfter;
using scan::Has;
using scan::IsDigit;
using scan::Number;
using scan::Trim;
using scan::ValueOf;

namespace {

// Sets a detail unless the value is empty or the key already has one (the
// first value of a key wins).
struct DetailSetter {
  std::map<std::string, std::string>& details;
  void operator()(const char* key, std::string_view value) const {
    if (!value.empty() && !details.count(key)) details[key] = std::string(value);
  }
};

// "kernel BUG at file:line!", the faulting address, the die count.
void OopsDetails(std::string_view t, const DetailSetter& set) {
  if (std::string_view bug = MarkerText(Marker::kKernelBugAt); t.starts_with(bug)) {
    std::string_view where = t.substr(bug.size());
    where = where.substr(0, where.find('!'));
    size_t colon = where.rfind(':');
    set("file", where.substr(0, colon));
    if (colon != std::string_view::npos) set("line", where.substr(colon + 1));
  }
  if (size_t a = t.find("address: "); a != std::string_view::npos) {
    set("address", Trim(t.substr(a + 9)));
  } else if (size_t v = t.find(" at virtual address "); v != std::string_view::npos) {
    set("address", Trim(t.substr(v + 20)).substr(0, 16));
  }
  if (size_t hash = t.find("[#"); hash != std::string_view::npos) {
    set("die_count", DigitsAfter(t, "[#"));
  }
}

// "WARNING: CPU: 0 PID: 1 at file:line func", or a page allocation failure.
void WarningDetails(std::string_view t, Event& event, const DetailSetter& set) {
  // "java: page allocation failure: order:0, mode:0x2084120(GFP_ATOMIC|...)"
  if (size_t failure = t.find(MarkerText(Marker::kPageAllocationFailure));
      failure != std::string_view::npos) {
    event.task.comm = std::string(t.substr(0, failure));
    set("order", DigitsAfter(t, "order:"));
    std::string_view mode = scan::ValueOf(t, "mode:");
    set("mode", mode.substr(0, mode.find('(')));
    return;
  }
  // "WARNING: CPU: 0 PID: 1 at fs/foo.c:12 func+0x1/0x2 [mod]"
  if (size_t at = t.find(" at "); at != std::string_view::npos) {
    std::string_view rest = t.substr(at + 4);
    std::string_view where = rest.substr(0, rest.find(' '));
    size_t colon = where.rfind(':');
    if (colon != std::string_view::npos && colon + 1 < where.size() && IsDigit(where[colon + 1])) {
      set("file", where.substr(0, colon));
      set("line", where.substr(colon + 1));
      size_t space = rest.find(' ');
      if (space != std::string_view::npos) {
        if (auto f = ParseStackFrame(rest.substr(space + 1))) set("function", f->function);
      }
    }
  }
  if (!event.cpu) event.cpu = Number<int>(DigitsAfter(t, "CPU: "));
  if (!event.task.pid) event.task.pid = Number<int64_t>(DigitsAfter(t, " PID: "));
}

// OpenZFS/SPL assertions: VERIFY/ASSERT expressions and values, PANIC at, SPLError.
void AssertionDetails(const Headline& h, std::string_view t, Event& event,
                      const DetailSetter& set) {
  if (t.starts_with("SPLError: ")) {
    // "(spl-kmem.c:1009:spl_slab_free())": file, line, function.
    size_t open = t.find(":(");
    size_t end = t.find("()) ");
    if (open != std::string_view::npos && end != std::string_view::npos && end > open) {
      std::string_view where = t.substr(open + 2, end - open - 2);
      size_t c1 = where.find(':');
      size_t c2 = c1 == std::string_view::npos ? c1 : where.find(':', c1 + 1);
      if (c2 != std::string_view::npos) {
        set("file", where.substr(0, c1));
        set("line", where.substr(c1 + 1, c2 - c1 - 1));
        set("function", where.substr(c2 + 1));
      }
    }
    std::string_view message = SplErrorMessage(t);
    if (IsSplAssertion(message)) ExtractDetails(Headline{h.role, h.kind, 0, message}, event);
  } else if (t.starts_with("PANIC at ")) {
    // "PANIC at zap.c:441:zap_create_leaf()"
    std::string_view where = t.substr(9);
    size_t c1 = where.find(':');
    size_t c2 = c1 == std::string_view::npos ? c1 : where.find(':', c1 + 1);
    if (c2 != std::string_view::npos) {
      set("file", where.substr(0, c1));
      set("line", where.substr(c1 + 1, c2 - c1 - 1));
      std::string_view fn = where.substr(c2 + 1);
      set("function", fn.substr(0, fn.find('(')));
    }
  } else if (t.starts_with("Showing stack for process ") ||
             t.starts_with("SPL: Showing stack for process ")) {
    set("pid", DigitsAfter(t, "process "));
    if (!event.task.pid) event.task.pid = Number<int64_t>(DigitsAfter(t, "process "));
  } else {
    // "VERIFY3(expr) failed (a == b)": the expression is balanced parens.
    size_t open = t.find('(');
    set("macro", t.substr(0, open));
    int depth = 0;
    size_t close = std::string_view::npos;
    for (size_t i = open; i < t.size(); ++i) {
      if (t[i] == '(') ++depth;
      if (t[i] == ')' && --depth == 0) {
        close = i;
        break;
      }
    }
    if (close != std::string_view::npos) {
      set("expression", t.substr(open + 1, close - open - 1));
      std::string_view rest = Trim(t.substr(close + 1));
      if (rest.starts_with("failed (") && rest.ends_with(")")) {
        set("values", rest.substr(8, rest.size() - 9));
      }
    }
  }
}

// "INFO: task comm:pid blocked for more than N seconds."
void HungTaskDetails(std::string_view t, Event& event, const DetailSetter& set) {
  // "INFO: task txg_sync:113 blocked for more than 120 seconds."
  std::string_view who = t.substr(11);
  who = who.substr(0, who.find(" blocked "));
  size_t colon = who.rfind(':');
  if (colon != std::string_view::npos) {
    if (event.task.comm.empty()) event.task.comm = std::string(who.substr(0, colon));
    if (!event.task.pid) event.task.pid = Number<int64_t>(who.substr(colon + 1));
  }
  set("blocked_seconds", DigitsAfter(t, "more than "));
}

// "BUG: soft lockup - CPU#0 stuck for 22s! [comm:pid]"
void SoftLockupDetails(std::string_view t, Event& event, const DetailSetter& set) {
  // "BUG: soft lockup - CPU#0 stuck for 22s! [z_spin:109]"
  if (!event.cpu) event.cpu = Number<int>(DigitsAfter(t, "CPU#"));
  set("stuck_seconds", DigitsAfter(t, "stuck for "));
  size_t open = t.rfind('[');
  size_t close = t.rfind(']');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    std::string_view who = t.substr(open + 1, close - open - 1);
    size_t colon = who.rfind(':');
    if (colon != std::string_view::npos) {
      if (event.task.comm.empty()) event.task.comm = std::string(who.substr(0, colon));
      if (!event.task.pid) event.task.pid = Number<int64_t>(who.substr(colon + 1));
    }
  }
}

// The oom-killer's invocation, constraint and kill lines.
void OomDetails(std::string_view t, Event& event, const DetailSetter& set) {
  std::string_view oom_kill = MarkerText(Marker::kOomKill);
  if (size_t inv = t.find(MarkerText(Marker::kOomInvoked)); inv != std::string_view::npos) {
    if (event.task.comm.empty()) event.task.comm = std::string(t.substr(0, inv));
    set("gfp_mask", ValueOf(t, "gfp_mask="));
    set("order", ValueOf(t, "order="));
  } else if (t.starts_with(oom_kill)) {
    set("constraint", ValueOf(t.substr(oom_kill.size()), "constraint="));
  } else if (size_t k = t.find(MarkerText(Marker::kKilledProcess)); k != std::string_view::npos) {
    std::string_view rest = t.substr(k + MarkerText(Marker::kKilledProcess).size());
    set("killed_pid", DigitsAfter(rest, ""));
    rest = rest.substr(0, rest.find(" total-vm"));  // comm may hold parens: "((resolved))"
    size_t open = rest.find('(');
    size_t close = rest.rfind(')');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
      set("killed_comm", rest.substr(open + 1, close - open - 1));
    }
    if (t.starts_with("Memory cgroup")) set("memcg", "true");
  }
}

// "BUG: KASAN: use-after-free in foo+0x1/0x2" and the other sanitizers' headlines.
void KasanDetails(std::string_view t, const DetailSetter& set) {
  // "BUG: KASAN: use-after-free in foo+0x1/0x2" / "BUG: KCSAN: data-race in a / b"
  std::string_view what = t.substr(5);
  size_t colon = what.find(':');
  set("tool", what.substr(0, colon));
  std::string_view rest = Trim(what.substr(colon + 1));
  size_t in = rest.find(" in ");
  set("type", rest.substr(0, in));
  if (in != std::string_view::npos) set("location", Trim(rest.substr(in + 4)));
}

// OpenZFS zio and zevent lines, suspended pools, block layer errors.
void IoErrorDetails(std::string_view t, const DetailSetter& set) {
  if (t.starts_with("zio pool=")) {
    for (const char* key : {"pool", "vdev", "error", "type", "offset", "size", "flags"}) {
      std::string k = std::string(key) + "=";
      set(key, ValueOf(t, k));
    }
  } else if (t.starts_with("zed: eid=")) {
    // A checksum zevent logged by zed (device_errors.h "zevent").
    set("pool", ZedPool(t));
    set("class", ValueOf(t, "class="));
    std::string_view vdev = ValueOf(t, "vdev_path=");
    set("vdev", vdev.empty() ? ValueOf(t, "vdev=") : vdev);
    set("error", ValueOf(t, "err="));
    set("algorithm", ValueOf(t, "algorithm="));
  } else if (size_t pool = t.find("ool '"); pool != std::string_view::npos && Has(t, "suspend")) {
    // A suspended OpenZFS pool (device_errors.h "zpool").
    std::string_view name = t.substr(pool + 5);
    set("pool", name.substr(0, name.find('\'')));
    set("suspended", "true");
  } else {
    std::string_view dev =
        t.find(", dev ") != std::string_view::npos
            ? t.substr(t.find(", dev ") + 6)
            : (t.find(" on dev ") != std::string_view::npos ? t.substr(t.find(" on dev ") + 8)
                                                            : std::string_view());
    set("dev", dev.substr(0, dev.find(',')));
    set("sector", DigitsAfter(t, "sector "));
    if (size_t op = t.find(":("); op != std::string_view::npos) {
      std::string_view name = t.substr(op + 2);
      set("op", name.substr(0, name.find(')')));
    }
    set("block", DigitsAfter(t, "logical block "));
  }
}

// MCE and EDAC lines: CPU, bank, memory controller, ECC.
void MachineCheckDetails(std::string_view t, Event& event, const DetailSetter& set) {
  if (!event.cpu) event.cpu = Number<int>(DigitsAfter(t, "CPU "));
  set("bank", DigitsAfter(t, "Bank "));
  if (t.starts_with("EDAC ")) {
    // "EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#2_DIMM#0 (...)"
    set("memory_controller", DigitsAfter(t, "MC"));
    if (Has(t, " CE ")) set("ecc", "CE");
    if (Has(t, " UE ")) set("ecc", "UE");
  }
}

// "EXT4-fs error (device sda): function:line: ..."
void FsErrorDetails(std::string_view t, const DetailSetter& set) {
  // "EXT4-fs error (device sda): ext4_find_entry:1437: inode #12582913: ..."
  if (size_t colon = t.find("): "); colon != std::string_view::npos && t.starts_with("EXT")) {
    std::string_view where = t.substr(colon + 3);
    size_t end = where.find(':');
    if (end != std::string_view::npos && end > 0 &&
        where.substr(0, end).find(' ') == std::string_view::npos) {
      set("function", where.substr(0, end));
    }
  }
}

// User-space segfaults and traps: task, address, ip, error, object.
void SegfaultDetails(std::string_view t, Event& event, const DetailSetter& set) {
  // "lxcfs[1234]: segfault at 8 ip 00007f.. sp 00007f.. error 4 in liblxcfs.so[7f..+1e000]",
  // "traps: openarc[9640] general protection ip:55ff.. sp:7f53.. error:0 in openarc[...]".
  if (t.starts_with("traps: ")) {
    t.remove_prefix(7);
    set("trap", t.find("] general protection ") != std::string_view::npos
                    ? std::string_view("general protection")
                    : std::string_view("trap"));
  }
  size_t open = t.find("]: segfault at ");
  if (open == std::string_view::npos) open = t.find("] ");
  while (open != std::string_view::npos && open > 0 && IsDigit(t[open - 1])) --open;
  if (open != std::string_view::npos && open > 0) --open;  // the '[' before the pid
  if (open != std::string_view::npos && event.task.comm.empty()) {
    event.task.comm = std::string(t.substr(0, open));
    std::string_view pid = DigitsAfter(t.substr(open), "[");
    if (!pid.empty()) event.task.pid = Number<int64_t>(pid);
  }
  set("address", ValueOf(t, "segfault at "));
  set("ip", ValueOf(t, "ip "));
  set("ip", ValueOf(t, "ip:"));
  set("error", ValueOf(t, "error "));
  set("error", ValueOf(t, "error:"));
  if (size_t in = t.find(" in "); in != std::string_view::npos) {
    std::string_view object = t.substr(in + 4);
    set("object", object.substr(0, object.find('[')));
  }
}

}  // namespace

void ExtractDetails(const Headline& h, Event& event) {
  std::string_view t = Trim(h.text);
  const DetailSetter set{event.details};
  switch (h.kind) {
    case EventKind::kPanic:
      if (size_t colon = t.find(": "); colon != std::string_view::npos) {
        set("reason", Trim(t.substr(colon + 2)));
      }
      break;
    case EventKind::kOops:
      OopsDetails(t, set);
      break;
    case EventKind::kWarning:
      WarningDetails(t, event, set);
      break;
    case EventKind::kAssertion:
      AssertionDetails(h, t, event, set);
      break;
    case EventKind::kHungTask:
      HungTaskDetails(t, event, set);
      break;
    case EventKind::kBlockedTask:
      if (auto task = ParseTaskLine(t)) {
        if (event.task.comm.empty()) event.task.comm = std::string(task->comm);
        if (!event.task.pid) event.task.pid = task->pid;
        set("state", std::string_view(&task->state, 1));
      }
      break;
    case EventKind::kSoftLockup:
      SoftLockupDetails(t, event, set);
      break;
    case EventKind::kHardLockup:
      if (!event.cpu) event.cpu = Number<int>(DigitsAfter(t, "on cpu "));
      break;
    case EventKind::kRcuStall: {
      std::string_view flavor = t.substr(6);  // after "INFO: "
      set("flavor", flavor.substr(0, flavor.find(' ')));
      set("detection", Has(t, "self-detected") ? "self-detected" : "detected");
      break;
    }
    case EventKind::kOom:
      OomDetails(t, event, set);
      break;
    case EventKind::kKasan:
      KasanDetails(t, set);
      break;
    case EventKind::kUbsan: {
      // "UBSAN: shift-out-of-bounds in net/foo.c:123:4" / "UBSAN: Undefined behaviour in ..."
      std::string_view rest = t.substr(7);
      size_t in = rest.find(" in ");
      set("type", rest.substr(0, in));
      if (in != std::string_view::npos) set("location", Trim(rest.substr(in + 4)));
      break;
    }
    case EventKind::kIoError:
      IoErrorDetails(t, set);
      break;
    case EventKind::kLockdep:
      if (size_t colon = t.find(": "); colon != std::string_view::npos) {
        std::string_view type = Trim(t.substr(colon + 2));
        if (t.starts_with("[ ") && type.ends_with(" ]"))
          type = Trim(type.substr(0, type.size() - 2));
        set("type", type);
      }
      break;
    case EventKind::kMemoryLeak:
      if (t.starts_with("unreferenced object ")) {
        std::string_view rest = t.substr(20);
        set("object", rest.substr(0, rest.find(' ')));
        set("size", DigitsAfter(t, "(size "));
      }
      break;
    case EventKind::kMachineCheck:
      MachineCheckDetails(t, event, set);
      break;
    case EventKind::kFsError:
      FsErrorDetails(t, set);
      break;
    case EventKind::kCpuBacktrace:
      // "NMI backtrace for cpu 1": the CPU (the task comes from its "CPU:" line).
      set("cpu", DigitsAfter(t, "for cpu "));
      break;
    case EventKind::kSegfault:
      SegfaultDetails(t, event, set);
      break;
    case EventKind::kStackFragment:
    case EventKind::kNotice:
    case EventKind::kOther:
      break;
  }
}

}  // namespace crashsift::events
