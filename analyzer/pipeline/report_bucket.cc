#include "analyzer/pipeline/report_bucket.h"

#include <xxhash.h>

#include <cstdio>
#include <vector>

#include "analyzer/diagnosis/crash_bucket.h"

namespace crashsift::pipeline {
namespace {

constexpr size_t kFramesInKey = 3;

// The top-level directories of a kernel source tree.
constexpr std::string_view kTreeTopDirs[] = {
    "arch", "block",  "certs", "crypto", "drivers", "fs",   "include",  "init",  "io_uring",
    "ipc",  "kernel", "lib",   "mm",     "net",     "rust", "security", "sound", "virt"};

bool IsBuildDir(std::string_view dir) { return dir == "build" || dir == "BUILD"; }

bool IsTreeTopDir(std::string_view dir) {
  for (std::string_view top : kTreeTopDirs) {
    if (dir == top) return true;
  }
  return false;
}

// A source path as the kernel tree names it. WARN_ON() and BUG() print
// __FILE__, which holds the directory the kernel or module was built in when
// it was built out of tree or by a packager: "/home/u/rpmbuild/BUILD/
// kernel-5.10.16/linux-5.10.16/drivers/pci/msi.c", "/build/linux-hwe-jDoxDp/
// linux-hwe-4.18.0/kernel/signal.c", "./include/net/sock.h". The path starts
// at the first top-level tree directory after the last build directory; a
// module built outside the tree (dkms, akmods) keeps its last directory and
// file. Relative paths without such a prefix are kept.
std::string TreeRelative(std::string_view path) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  size_t from = 0;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (IsBuildDir(parts[i])) from = i + 1;
  }
  size_t top = parts.size();
  for (size_t i = from; i + 1 < parts.size() && top == parts.size(); ++i) {
    if (IsTreeTopDir(parts[i])) top = i;
  }
  const bool prefixed =
      path.starts_with("/") || path.starts_with("./") || path.starts_with("../") || from > 0;
  if (top == parts.size()) {
    if (!prefixed) return std::string(path);
    top = parts.size() >= 2 ? parts.size() - 2 : 0;
  }
  std::string out;
  for (size_t i = top; i < parts.size(); ++i) {
    if (i > top) out += '/';
    out += parts[i];
  }
  return out;
}

// A signature bucket with every captured source path tree-relative: the
// ':'-separated values that hold a '/' and look like a path (no space, no
// parenthesis, which an assertion's expression would have).
std::string TreeRelativeCaptures(std::string_view bucket) {
  std::string out;
  for (size_t start = 0;;) {
    size_t colon = bucket.find(':', start);
    std::string_view part = bucket.substr(start, colon - start);
    const bool path = part.find('/') != std::string_view::npos &&
                      part.find_first_of(" ()") == std::string_view::npos;
    if (start > 0) out += ':';
    out += path ? TreeRelative(part) : std::string(part);
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return out;
}

}  // namespace

std::string BucketId(std::string_view key) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(key.data(), key.size())));
  return std::string(kBucketAlgorithm) + ":" + hex;
}

ReportBucket BucketOf(const AnalysisReport& report) {
  ReportBucket b;
  if (!report.diagnoses.empty()) {
    const diagnosis::Diagnosis& d = report.diagnoses.front();
    b.signature = d.signature;
    b.title = d.title;
    b.key = "sig:" + TreeRelativeCaptures(d.bucket.empty() ? d.signature : d.bucket);
    for (size_t i : d.event_indexes) {
      if (i < report.events.size() && report.events[i].wall_time) {
        b.when = report.events[i].wall_time;
        break;
      }
    }
  } else {
    const events::Event* crash = nullptr;
    for (const auto& e : report.events) {
      if (e.crash) {
        crash = &e;
        break;
      }
    }
    if (crash) {
      b.title = crash->title;
      b.when = crash->wall_time;
      b.key = "title:" + crash->title + "|";
      const auto frames = diagnosis::BucketFrames(*crash, kFramesInKey);
      for (size_t i = 0; i < frames.size(); ++i) b.key += (i ? "<" : "") + frames[i];
    } else if (report.errors.empty()) {
      b.key = "no-crash";
      b.title = "no crash found";
    } else {
      b.key = "error";
      b.title = "input could not be analysed";
    }
  }
  if (!b.when) b.when = report.system.crash_time;
  b.id = BucketId(b.key);
  return b;
}

}  // namespace crashsift::pipeline
