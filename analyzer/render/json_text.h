// nlohmann::json -> text, for the small JSON documents crashsift builds as a
// tree (the batch summary, the task list); reports are streamed by
// JsonWriter, which escapes the same way. Input bytes are
// not always UTF-8 (a log line, a task name, a journal MESSAGE byte array, a
// file name), and nlohmann's strict dump() throws on them; here every invalid
// UTF-8 sequence is replaced by U+FFFD (documented in man/crashsift.1), so the
// output is always valid JSON and dumping never throws for any input bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace crashsift::render {

// `indent` < 0: one line (JSON Lines); otherwise pretty-printed.
std::string DumpJson(const nlohmann::json& j, int indent = -1);

}  // namespace crashsift::render
