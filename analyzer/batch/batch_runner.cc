#include "analyzer/batch/batch_runner.h"

#include <algorithm>
#include <filesystem>

namespace crashsift::batch {

std::vector<std::string> ExpandInputs(const std::vector<std::string>& paths,
                                      std::vector<std::string>* errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec),
          end;
      if (ec && errors) errors->push_back(p + ": " + ec.message());
      for (; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(p);
    }
  }
  return out;
}

}  // namespace crashsift::batch
