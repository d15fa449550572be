#include "analyzer/batch/batch_runner.h"

#include <algorithm>
#include <filesystem>

#include "analyzer/batch/sosreport.h"

namespace crashsift::batch {

std::vector<std::string> ExpandInputs(const std::vector<std::string>& paths,
                                      std::vector<std::string>* errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      // Bundles (sosreport, supportconfig) met on the way: only their kernel
      // logs are inputs. The iterator visits a directory before its files.
      std::vector<fs::path> bundles;
      if (IsBundleRoot(p)) bundles.push_back(p);
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec),
          end;
      if (ec && errors) errors->push_back(p + ": " + ec.message());
      for (; !ec && it != end; it.increment(ec)) {
        if (it->is_directory(ec)) {
          if (IsBundleRoot(it->path())) bundles.push_back(it->path());
          continue;
        }
        if (!it->is_regular_file(ec)) continue;
        const std::string path = it->path().string();
        const fs::path* bundle = nullptr;
        for (const auto& b : bundles) {
          const std::string root = b.string() + "/";
          if (path.compare(0, root.size(), root) == 0) bundle = &b;
        }
        if (bundle && !IsBundleKernelLog(path.substr(bundle->string().size() + 1))) continue;
        found.push_back(path);
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
