#include "analyzer/events/stack_frame_parser.h"

#include <cstdio>
#include <vector>

#include "analyzer/core/text.h"

namespace crashsift::events {
namespace {

using text::IsDigit;
using text::IsHexDigit;
using text::IsSpace;

bool IsSymbolChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' || c == '.' ||
         c == '$';
}

// Hex digits (no 0x) -> value; false when empty, not hex or longer than 16.
bool ParseHex(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 16) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (!IsHexDigit(c)) return false;
    v = v * 16 + static_cast<uint64_t>(IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  out = v;
  return true;
}

// Splits on blanks, keeping "[zfs 3f2a...]" together as one token.
std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size() && out.size() < 8) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i >= s.size()) break;
    size_t start = i;
    if (s[i] == '[') {
      size_t close = s.find(']', i);
      i = close == std::string_view::npos ? s.size() : close + 1;
    } else {
      while (i < s.size() && !IsSpace(s[i])) ++i;
    }
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

// "name" or "name+0x4a/0x1c0" -> fills function/offset/size.
bool ParseSymbol(std::string_view token, StackFrame& frame) {
  size_t plus = token.find("+0x");
  std::string_view name = plus == std::string_view::npos ? token : token.substr(0, plus);
  if (name.empty() || IsDigit(name.front()) || name.front() == '.') return false;
  for (char c : name) {
    if (!IsSymbolChar(c)) return false;
  }
  frame.function = std::string(name);
  frame.normalized_function = NormalizeFunction(name);
  if (plus == std::string_view::npos) return true;
  std::string_view rest = token.substr(plus + 3);
  size_t slash = rest.find('/');
  uint64_t offset = 0;
  if (!ParseHex(rest.substr(0, slash), offset)) return false;
  frame.offset = offset;
  if (slash != std::string_view::npos) {
    std::string_view size = rest.substr(slash + 1);
    if (!size.starts_with("0x")) return false;
    uint64_t value = 0;
    if (!ParseHex(size.substr(2), value)) return false;
    frame.size = value;
  }
  return true;
}

// "fs/foo.c:123" -> file and line.
bool ParseSourceLocation(std::string_view token, StackFrame& frame) {
  size_t colon = token.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= token.size()) return false;
  uint64_t line = 0;
  for (char c : token.substr(colon + 1)) {
    if (!IsDigit(c) || line > 100000000) return false;
    line = line * 10 + static_cast<uint64_t>(c - '0');
  }
  std::string_view file = token.substr(0, colon);
  if (file.find('.') == std::string_view::npos) return false;
  frame.source = {SourceLocation{"", std::string(file), static_cast<uint32_t>(line), 0, false}};
  return true;
}

// "[zfs]" / "[zfs 3f2a...]" -> module (and build id).
bool ParseModule(std::string_view token, StackFrame& frame) {
  if (token.size() < 3 || token.front() != '[' || token.back() != ']') return false;
  std::string_view inner = token.substr(1, token.size() - 2);
  size_t space = inner.find(' ');
  std::string_view name = inner.substr(0, space);
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsSymbolChar(c) && c != '-') return false;
  }
  frame.module = std::string(name);
  if (space != std::string_view::npos) {
    std::string_view id = text::Trim(inner.substr(space + 1), text::kSpaces, text::kSpaces);
    for (char c : id) {
      if (!IsHexDigit(c)) return false;
    }
    frame.module_build_id = std::string(id);
  }
  return true;
}

// "[<ffffffff8100a1b2>]" at the start of s -> address; advances s.
bool TakeBracketAddress(std::string_view& s, uint64_t& address) {
  if (!s.starts_with("[<")) return false;
  size_t close = s.find(">]");
  if (close == std::string_view::npos) return false;
  if (!ParseHex(s.substr(2, close - 2), address)) return false;
  s = text::Trim(s.substr(close + 2), text::kSpaces, text::kSpaces);
  return true;
}

}  // namespace

std::string NormalizeFunction(std::string_view function) {
  size_t dot = function.find('.');
  return std::string(dot == std::string_view::npos ? function : function.substr(0, dot));
}

std::optional<ContextMarker> ParseContextMarker(std::string_view text) {
  text = text::Trim(text, text::kSpaces, text::kSpaces);
  if (text.size() < 3 || text.front() != '<' || text.back() != '>') return std::nullopt;
  std::string_view inner = text.substr(1, text.size() - 2);
  bool closing = false;
  if (inner.starts_with('/')) {
    closing = true;
    inner.remove_prefix(1);
  }
  if (inner == "TASK") return ContextMarker{"task", closing};
  if (inner == "IRQ") return ContextMarker{"irq", closing};
  if (inner == "EOI") return ContextMarker{"irq", true};
  if (inner == "NMI") return ContextMarker{"nmi", closing};
  if (inner == "SOFTIRQ") return ContextMarker{"softirq", closing};
  if (inner.size() >= 3 && inner.front() == '#') return ContextMarker{"exception", closing};
  return std::nullopt;
}

std::optional<StackFrame> ParseStackFrame(std::string_view text, uint64_t line) {
  std::string_view s = text::Trim(text, text::kSpaces, text::kSpaces);
  StackFrame frame;
  frame.line = line;
  // 3.x kernels: " <IRQ>  [<ffffffff810b1c2a>] foo+0x1a/0x20".
  if (s.starts_with('<')) {
    size_t close = s.find('>');
    if (close == std::string_view::npos) return std::nullopt;
    auto marker = ParseContextMarker(s.substr(0, close + 1));
    if (!marker) return std::nullopt;
    if (!marker->closing) frame.context = std::string(marker->context);
    s = text::Trim(s.substr(close + 1), text::kSpaces, text::kSpaces);
  }
  if (s.empty()) return std::nullopt;
  uint64_t address = 0;
  bool bracketed = false;
  while (TakeBracketAddress(s, address)) {  // old RIP lines print the address twice
    frame.address = address;
    bracketed = true;
  }
  if (s.starts_with("? ")) {
    frame.reliable = false;
    s = text::Trim(s.substr(2), text::kSpaces, text::kSpaces);
  }
  if (s.empty()) return bracketed ? std::optional<StackFrame>(frame) : std::nullopt;
  if (s.starts_with("0x")) {  // a bare address: no symbol (e.g. unloaded module)
    std::string_view hex = s.substr(2);
    size_t end = 0;
    while (end < hex.size() && IsHexDigit(hex[end])) ++end;
    if (end == 0 || !text::Trim(hex.substr(end), text::kSpaces, text::kSpaces).empty() ||
        !ParseHex(hex.substr(0, end), address)) {
      return std::nullopt;
    }
    frame.address = address;
    return frame;
  }
  // 32-bit ARM: "[<8015df40>] (migrate_task_rq_fair) from [<801559ec>] (set_task_cpu+0x4c/0xf8)"
  // and, since 5.x, " unwind_backtrace from show_stack+0x18/0x1c": the frame is
  // the function before "from" (the caller after it is the next line's frame).
  if (bracketed && s.starts_with('(')) {
    size_t close = s.find(')');
    if (close == std::string_view::npos || !ParseSymbol(s.substr(1, close - 1), frame)) {
      return std::nullopt;
    }
    return frame;
  }
  std::vector<std::string_view> tokens = Tokens(s);
  if (tokens.size() == 3 && tokens[1] == "from") {
    // The caller is always printed with its offset ("%pS").
    StackFrame caller;
    if (!ParseSymbol(tokens[0], frame) || !ParseSymbol(tokens[2], caller) || !caller.offset) {
      return std::nullopt;
    }
    return frame;
  }
  if (tokens.empty() || !ParseSymbol(tokens[0], frame)) return std::nullopt;
  bool has_offset = frame.offset.has_value();
  bool has_location = false;
  // scripts/decode_stacktrace.sh's form, in syzbot and LKML reports:
  // "vfs_get_tree (fs/super.c:1712)", "task_work_run (kernel/task_work.c:181
  // (discriminator 1))", "lock_acquire (a.c:5691 a.c:5656)", "f (x.c:9) mptcp".
  if (!has_offset && tokens.size() >= 2 && tokens.size() <= 5 && tokens[1].starts_with('(') &&
      s.find(')') != std::string_view::npos) {
    std::string_view location = tokens[1].substr(1);
    while (location.ends_with(')')) location.remove_suffix(1);
    if (ParseSourceLocation(location, frame)) return frame;
  }
  for (size_t i = 1; i < tokens.size(); ++i) {
    std::string_view t = tokens[i];
    if (t == "[inline]") {
      frame.is_inline = true;
    } else if (t == "(unreliable)") {
      frame.reliable = false;
    } else if (t.size() == 3 && t[0] == '(' && t[2] == ')') {
      // arm64 6.14+ marks how a frame was found: "(T)" task, "(L)" link register.
    } else if (t.front() == '[') {
      if (!ParseModule(t, frame)) return std::nullopt;
    } else if (ParseSourceLocation(t, frame)) {
      has_location = true;
    } else {
      return std::nullopt;
    }
  }
  // A bare word is a frame only in the syzbot inlined form "f file.c:1 [inline]".
  if (!has_offset && !(frame.is_inline && has_location)) return std::nullopt;
  if (tokens.size() >= 8) return std::nullopt;
  return frame;
}

std::optional<StackFrame> ParseArmCaller(std::string_view text, uint64_t line) {
  std::string_view s = text::Trim(text, text::kSpaces, text::kSpaces);
  size_t from = s.find(" from ");
  if (from == std::string_view::npos || !ParseStackFrame(text, line)) return std::nullopt;
  std::string_view caller = text::Trim(s.substr(from + 6), text::kSpaces, text::kSpaces);
  uint64_t address = 0;
  std::optional<uint64_t> caller_address;
  if (TakeBracketAddress(caller, address)) {
    caller_address = address;
    // "(schedule+0x3c/0xa0)"
    if (!caller.starts_with('(') || !caller.ends_with(')')) return std::nullopt;
    caller = caller.substr(1, caller.size() - 2);
  }
  StackFrame frame;
  frame.line = line;
  frame.address = caller_address;
  size_t blank = caller.find(' ');  // "(spl_panic+0xf4/0x10c [spl])"
  if (blank != std::string_view::npos &&
      !ParseModule(text::Trim(caller.substr(blank), text::kSpaces, text::kSpaces), frame)) {
    return std::nullopt;
  }
  // Always printed with its offset ("%pS"); "(0xb6e5a7a8)" is a user address.
  if (!ParseSymbol(caller.substr(0, blank), frame) || !frame.offset) return std::nullopt;
  return frame;
}

std::optional<StackFrame> ParseInstructionPointer(std::string_view text, uint64_t line) {
  std::string_view s = text::Trim(text, text::kSpaces, text::kSpaces);
  std::string_view value;
  if (s.starts_with("RIP: ") || s.starts_with("EIP: ")) {
    value = text::Trim(s.substr(5), text::kSpaces, text::kSpaces);
    // "0010:" code segment; 0033/0023 are user mode: no kernel symbol.
    if (value.size() > 5 && value[4] == ':' && IsHexDigit(value[0])) {
      std::string_view segment = value.substr(0, 4);
      if (segment == "0033" || segment == "0023" || segment == "002b") return std::nullopt;
      value = text::Trim(value.substr(5), text::kSpaces, text::kSpaces);
    }
  } else if (s.starts_with("pc : ")) {
    value = text::Trim(s.substr(5), text::kSpaces, text::kSpaces);
  } else if (s.starts_with("PC is at ")) {
    value = text::Trim(s.substr(9), text::kSpaces, text::kSpaces);
  } else {
    return std::nullopt;
  }
  auto frame = ParseStackFrame(value, line);
  if (!frame || frame->function.empty()) return std::nullopt;
  return frame;
}

std::string FormatKernelFrame(const StackFrame& frame) {
  std::string out = frame.reliable ? "" : "? ";
  out += frame.function.empty() ? "?" : frame.function;
  if (frame.offset && frame.size) {
    char text[64];
    std::snprintf(text, sizeof text, "+0x%llx/0x%llx",
                  static_cast<unsigned long long>(*frame.offset),
                  static_cast<unsigned long long>(*frame.size));
    out += text;
  }
  if (!frame.module.empty()) out += " [" + frame.module + "]";
  return out;
}

}  // namespace crashsift::events
