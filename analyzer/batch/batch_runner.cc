#include "analyzer/batch/batch_runner.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "analyzer/batch/sosreport.h"

namespace crashsift::batch {
namespace {

namespace fs = std::filesystem;
using DirId = std::pair<dev_t, ino_t>;

Error WalkError(const fs::path& path, std::string reason) {
  return Error{ErrorCode::kIo, path.string(), std::nullopt, std::move(reason)};
}

// Appends the regular files below `dir`; `ancestors` are the directories
// being walked (a link back to one of them is a loop, not a recursion).
void Walk(const fs::path& dir, std::vector<DirId>& ancestors, const fs::path* bundle,
          std::vector<std::string>& found, std::vector<Error>& errors) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) {
    errors.push_back(WalkError(dir, "cannot read directory: " + ec.message()));
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      errors.push_back(WalkError(dir, "cannot read directory: " + ec.message()));
      return;
    }
    const fs::path path = it->path();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      const int err = errno;
      struct stat lst {};
      const bool link = ::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
      if (link && err == ENOENT) {
        std::error_code rc;
        errors.push_back(WalkError(
            path, "dangling symbolic link (to " + fs::read_symlink(path, rc).string() + ")"));
      } else if (err == ELOOP) {
        errors.push_back(WalkError(path, "symbolic link loop"));
      } else {
        errors.push_back(WalkError(path, std::strerror(err)));
      }
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      const DirId id{st.st_dev, st.st_ino};
      if (std::find(ancestors.begin(), ancestors.end(), id) != ancestors.end()) {
        errors.push_back(WalkError(path, "symbolic link loop (links back to a directory above)"));
        continue;
      }
      ancestors.push_back(id);
      Walk(path, ancestors, bundle == nullptr && IsBundleRoot(path) ? &path : bundle, found,
           errors);
      ancestors.pop_back();
    } else if (S_ISREG(st.st_mode)) {
      const std::string name = path.string();
      if (bundle != nullptr &&
          !IsBundleKernelLog(name.substr(std::min(name.size(), bundle->string().size() + 1)))) {
        continue;  // a bundle's other files are no inputs, and no failures
      }
      found.push_back(name);
    }
    // FIFOs, sockets and devices inside a tree are not inputs (a FIFO would
    // block the batch); name them on the command line to read them.
  }
}

}  // namespace

std::vector<std::string> ExpandInputs(const std::vector<std::string>& paths,
                                      std::vector<Error>* errors) {
  std::vector<std::string> out;
  std::vector<Error> local;
  std::vector<Error>& errs = errors ? *errors : local;
  for (const auto& p : paths) {
    struct stat st {};
    if (p != "-" && ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      std::vector<std::string> found;
      std::vector<DirId> ancestors{{st.st_dev, st.st_ino}};
      // Bundles (sosreport, supportconfig) met on the way: only their kernel
      // logs are inputs.
      const fs::path root(p);
      Walk(root, ancestors, IsBundleRoot(root) ? &root : nullptr, found, errs);
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(p);
    }
  }
  std::sort(errs.begin(), errs.end(),
            [](const Error& a, const Error& b) { return a.path < b.path; });
  return out;
}

}  // namespace crashsift::batch
