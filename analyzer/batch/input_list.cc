#include "analyzer/batch/input_list.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace crashsift::batch {

std::vector<std::string> ParseInputList(std::string_view text) {
  const char separator = text.find('\0') != std::string_view::npos ? '\0' : '\n';
  std::vector<std::string> out;
  while (!text.empty()) {
    size_t end = text.find(separator);
    std::string_view item = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (separator == '\n' && !item.empty() && item.back() == '\r') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

Result<std::vector<std::string>> ReadInputList(const std::string& path) {
  struct Closer {
    void operator()(FILE* f) const {
      if (f != stdin) std::fclose(f);
    }
  };
  std::unique_ptr<FILE, Closer> file(path == "-" ? stdin : std::fopen(path.c_str(), "rb"));
  if (!file) {
    return Fail(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, path,
                errno == ENOENT ? "no such file" : std::strerror(errno));
  }
  std::string text;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  if (std::ferror(file.get())) return Fail(ErrorCode::kIo, path, "read error");
  return ParseInputList(text);
}

}  // namespace crashsift::batch
