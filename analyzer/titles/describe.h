// Turns the text of one cut-out report into its title: picks the title format
// that matches earliest, fills the template with captures and guilty frames,
// and judges whether the report is corrupted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/titles/title_table.h"

namespace crashsift::titles {

struct Description {
  std::string title;  // raw (not yet normalised); empty: marker not in text
  std::vector<std::string> alt_titles;
  std::string corrupted_reason;         // empty: not corrupted
  const TitleFormat* format = nullptr;  // null: raw-line fallback
};

// `text` is the report (marker line first, '\n'-terminated lines, prefixes
// stripped) up to where the next report starts.
Description Describe(const TitleTable& table, const OopsMarker& oops, std::string_view text);

// Post-checks on a described report: title interleaved with a timestamp, or a
// format that needs a stack trace but the report has none. `full_text` is
// the whole cut-out (it may run past the next report's start). Returns the
// reason, or "" when the report looks whole.
std::string CorruptionReason(const TitleTable& table, const Description& description,
                             std::string_view full_text);

// "{1} in {3}" with args (1-based); a missing argument expands to "".
std::string FillTemplate(std::string_view tmpl, const std::vector<std::string>& args);

// The bug class of a final title ("KASAN-READ", "HANG", ...; "" = none).
std::string TitleType(const TitleTable& table, std::string_view title);

}  // namespace crashsift::titles
