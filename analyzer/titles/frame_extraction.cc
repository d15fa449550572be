#include "analyzer/titles/frame_extraction.h"

#include <algorithm>

#include "analyzer/core/text.h"
#include "analyzer/titles/demangle.h"

namespace crashsift::titles {
namespace {

bool MatchesAny(const std::vector<std::unique_ptr<RE2>>& res, std::string_view line) {
  for (const auto& re : res) {
    if (RE2::PartialMatch(line, *re)) return true;
  }
  return false;
}

bool Matches(const RE2* re, std::string_view line) {
  return re != nullptr && RE2::PartialMatch(line, *re);
}

// Appends every participating capture group of `re` on `line` that is not
// skip-listed. Returns false when `re` does not match.
bool MatchAndAppend(const RE2& re, const SkipList& skip, std::string_view line,
                    std::vector<std::string>& frames) {
  int groups = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> match(groups + 1);
  if (!re.Match(re2::StringPiece(line.data(), line.size()), 0, line.size(), RE2::UNANCHORED,
                match.data(), groups + 1)) {
    return false;
  }
  for (int i = 1; i <= groups; ++i) {
    if (match[i].data() == nullptr) continue;  // group did not participate
    std::string frame = DemangleNoParams(std::string_view(match[i].data(), match[i].size()));
    if (!skip.Matches(frame)) frames.push_back(std::move(frame));
  }
  return true;
}

class Walker {
 public:
  Walker(const TitleTable& table, const StackRecipe& recipe) : table_(table), recipe_(recipe) {}

  FrameExtraction Run(const std::vector<RecipeStep>& steps, std::string_view text) {
    std::vector<std::string_view> lines = text::SplitLines(text);
    size_t next = 0;
    std::vector<std::string> raw;
    FrameExtraction out;
    int traces = 0;
    const SkipList& skip = recipe_.skip;
    for (size_t step = 0;; ++step) {
      if (step == steps.size() || (steps[step].IsTrace() && traces > 0)) {
        out.frames.push_back(Choose(raw, out.ok));
        raw.clear();
      }
      if (step == steps.size()) break;
      if (steps[step].IsTrace()) {
        ++traces;
        while (next < lines.size()) {
          std::string_view line = lines[next++];
          if (Matches(table_.any_corrupted_line.get(), line)) {
            out.ok = false;
            break;
          }
          if (Matches(table_.any_stack_start.get(), line)) break;
          if (step + 1 < steps.size() && !steps[step + 1].IsTrace() &&
              MatchAndAppend(*steps[step + 1].regex, skip, line, raw)) {
            ++step;  // the next step matched on this line: move past it
            break;
          }
          for (const auto& frame_re : table_.frame_patterns) {
            if (MatchAndAppend(*frame_re, skip, line, raw)) break;
          }
        }
      } else {
        while (next < lines.size()) {
          std::string_view line = lines[next++];
          if (Matches(table_.any_corrupted_line.get(), line)) {
            out.ok = false;
            break;
          }
          if (MatchAndAppend(*steps[step].regex, skip, line, raw)) break;
        }
      }
    }
    return out;
  }

 private:
  ExtractedFrame Choose(const std::vector<std::string>& raw, bool& ok) {
    if (!raw.empty()) {
      std::vector<std::string> stripped;
      stripped.reserve(raw.size());
      for (const auto& frame : raw) stripped.push_back(StripSyscallPrefix(table_, frame));
      std::string chosen;
      int index = ChooseFrame(table_, recipe_.extractor, stripped, &chosen);
      if (index >= 0 && !chosen.empty()) return {chosen, raw[index]};
    }
    ok = false;
    return {"corrupted", "corrupted"};
  }

  const TitleTable& table_;
  const StackRecipe& recipe_;
};

int StallFrame(const TitleTable& table, const std::vector<std::string>& frames,
               std::string* chosen) {
  if (frames.empty()) return -1;
  int prev = 0;
  *chosen = frames[0];
  for (size_t i = 0; i < frames.size(); ++i) {
    if (MatchesAny(table.stall_anchors, frames[i])) {
      for (const auto& self : table.stall_report_self) {
        if (frames[i].find(self) != std::string::npos) {
          *chosen = self;
          return static_cast<int>(i);
        }
      }
      return prev;
    }
    prev = static_cast<int>(i);
    *chosen = frames[i];
  }
  chosen->clear();
  return -1;
}

int HangFrame(const TitleTable& table, const std::vector<std::string>& frames,
              std::string* chosen) {
  for (size_t i = 0; i < frames.size(); ++i) {
    for (const auto& bucket : table.hang_buckets) {
      if (frames[i].find(bucket.contains) != std::string::npos) {
        *chosen = bucket.title.empty() ? frames[i] : bucket.title;
        return static_cast<int>(i);
      }
    }
  }
  for (size_t i = 0; i < frames.size(); ++i) {
    bool skip =
        std::any_of(table.hang_skip_words.begin(), table.hang_skip_words.end(),
                    [&](const std::string& w) { return frames[i].find(w) != std::string::npos; });
    if (!skip) {
      *chosen = frames[i];
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

std::string StripSyscallPrefix(const TitleTable& table, std::string_view frame) {
  std::string_view best = frame;
  for (const auto& prefix : table.strip_prefixes) {
    if (frame.substr(0, prefix.size()) == prefix && frame.size() - prefix.size() < best.size()) {
      best = frame.substr(prefix.size());
    }
  }
  return std::string(best);
}

int ChooseFrame(const TitleTable& table, FrameExtractor extractor,
                const std::vector<std::string>& frames, std::string* chosen) {
  switch (extractor) {
    case FrameExtractor::kStall:
      return StallFrame(table, frames, chosen);
    case FrameExtractor::kHang:
      return HangFrame(table, frames, chosen);
    case FrameExtractor::kFirst:
      break;
  }
  if (frames.empty()) return -1;
  *chosen = frames[0];
  return 0;
}

FrameExtraction ExtractFrames(const TitleTable& table, const StackRecipe& recipe,
                              std::string_view text) {
  Walker walker(table, recipe);
  FrameExtraction result = walker.Run(recipe.steps, text);
  if (result.ok || recipe.fallback_steps.empty()) return result;
  return walker.Run(recipe.fallback_steps, text);
}

}  // namespace crashsift::titles
