// Guilty-frame extraction: runs a format's stack recipe over report text and
// picks the frame that names the bug (skip lists, stall anchors, hung-task
// buckets). Pure functions over the compiled TitleTable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/titles/title_table.h"

namespace crashsift::titles {

struct ExtractedFrame {
  std::string canonical;  // syscall prefixes stripped ("sendmsg")
  std::string raw;        // as found ("__sys_sendmsg")
};

struct FrameExtraction {
  // One frame per stack trace the recipe parsed ("corrupted" when a trace
  // gave none); these follow the regex captures as template arguments.
  std::vector<ExtractedFrame> frames;
  bool ok = true;  // false: no frame found, or a fault-injection line crossed
};

// `text` starts at the line where the format matched and runs to the end of
// the report; lines are '\n'-separated.
FrameExtraction ExtractFrames(const TitleTable& table, const StackRecipe& recipe,
                              std::string_view text);

// Chooses the guilty frame among `frames` (innermost first, already without
// skip-listed names) with `extractor`; returns the index or -1.
int ChooseFrame(const TitleTable& table, FrameExtractor extractor,
                const std::vector<std::string>& frames, std::string* chosen);

// Removes the longest matching syscall prefix ("__x64_sys_" ...).
std::string StripSyscallPrefix(const TitleTable& table, std::string_view frame);

}  // namespace crashsift::titles
