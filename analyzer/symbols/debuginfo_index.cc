#include "analyzer/symbols/debuginfo_index.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "analyzer/core/limits.h"
#include "analyzer/core/text.h"

namespace crashsift::symbols {
namespace fs = std::filesystem;
namespace {

bool IsHex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), text::IsHexDigit);
}

// "/usr/lib/debug/lib/modules/6.1.0-56-amd64/kernel/..." -> "6.1.0-56-amd64".
std::string ReleaseFromModulesDir(std::string_view path) {
  constexpr std::string_view kModules = "lib/modules/";
  size_t at = path.rfind(kModules);
  if (at == std::string_view::npos) return "";
  std::string_view rest = path.substr(at + kModules.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return "";
  return std::string(rest.substr(0, slash));
}

bool StripSuffix(std::string_view& s, std::string_view suffix) {
  if (!s.ends_with(suffix)) return false;
  s.remove_suffix(suffix.size());
  return true;
}

}  // namespace

std::string CanonicalModuleName(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

bool ClassifyDebugPath(std::string_view path, DebugFileEntry& entry) {
  entry.path = std::string(path);
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string_view dir = slash == std::string_view::npos ? "" : path.substr(0, slash);

  // .build-id/xx/yyyy.debug: the build id is the two names joined.
  size_t parent_slash = dir.rfind('/');
  std::string_view parent =
      parent_slash == std::string_view::npos ? dir : dir.substr(parent_slash + 1);
  std::string_view grand =
      parent_slash == std::string_view::npos ? "" : dir.substr(0, parent_slash);
  std::string_view stem = base;
  if (grand.ends_with(".build-id") && parent.size() == 2 && IsHex(parent) &&
      StripSuffix(stem, ".debug") && IsHex(stem)) {
    entry.build_id = text::ToLower(std::string(parent) + std::string(stem));
    return true;
  }

  stem = base;
  for (std::string_view compressed : {".xz", ".gz", ".zst"}) {
    if (StripSuffix(stem, compressed)) break;
  }
  StripSuffix(stem, ".debug");
  if (stem == "vmlinux") {
    entry.name = "vmlinux";
    entry.release = ReleaseFromModulesDir(path);
    return true;
  }
  if (stem.starts_with("vmlinux-")) {
    entry.name = "vmlinux";
    entry.release = std::string(stem.substr(8));
    return true;
  }
  if (StripSuffix(stem, ".ko") && !stem.empty()) {
    entry.name = CanonicalModuleName(stem);
    entry.release = ReleaseFromModulesDir(path);
    return true;
  }
  return false;
}

Result<DebuginfoIndex> DebuginfoIndex::Build(const std::vector<std::string>& paths) {
  DebuginfoIndex index;
  std::set<std::string> seen;
  auto add = [&](const fs::path& p, bool given) {
    DebugFileEntry entry;
    bool known = ClassifyDebugPath(p.string(), entry);
    if (!known && !given) return;
    std::error_code ec;
    fs::path real = fs::canonical(p, ec);
    entry.real_path = ec ? p.string() : real.string();
    // A .build-id link names its target, which tells the module and release.
    if (entry.name.empty() && !ec) {
      DebugFileEntry target;
      if (ClassifyDebugPath(entry.real_path, target)) {
        entry.name = target.name;
        entry.release = target.release;
      }
    }
    if (!seen.insert(entry.path).second) return;
    index.entries_.push_back(std::move(entry));
  };
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      return Fail(ErrorCode::kNotFound, path, "no such debuginfo file or directory");
    }
    if (!fs::is_directory(status)) {
      add(path, true);
      continue;
    }
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    if (ec) return Fail(ErrorCode::kIo, path, "cannot read directory: " + ec.message());
    size_t visited = 0;
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) return Fail(ErrorCode::kIo, path, "cannot read directory: " + ec.message());
      if (++visited > limits::kMaxDebuginfoDirEntries) {
        return Fail(ErrorCode::kLimitExceeded, path,
                    "more than " + std::to_string(limits::kMaxDebuginfoDirEntries) +
                        " entries; give the release's own directory");
      }
      std::error_code type_ec;
      if (it->is_regular_file(type_ec)) add(it->path(), false);
    }
  }
  return index;
}

std::vector<const DebugFileEntry*> DebuginfoIndex::Candidates(std::string_view name,
                                                              std::string_view build_id,
                                                              std::string_view release) const {
  const std::string wanted = CanonicalModuleName(name);
  const std::string id = text::ToLower(build_id);
  std::vector<const DebugFileEntry*> out;
  std::set<std::string> taken;
  auto take = [&](auto&& predicate) {
    for (const auto& e : entries_) {
      if (predicate(e) && taken.insert(e.real_path).second) out.push_back(&e);
    }
  };
  if (!id.empty())
    take([&](const DebugFileEntry& e) { return !e.build_id.empty() && e.build_id == id; });
  take([&](const DebugFileEntry& e) {
    return e.name == wanted && !release.empty() && e.release == release;
  });
  take([&](const DebugFileEntry& e) { return e.name == wanted && e.release.empty(); });
  take([&](const DebugFileEntry& e) { return e.name == wanted; });
  take([&](const DebugFileEntry& e) { return e.name.empty() && e.build_id.empty(); });
  return out;
}

}  // namespace crashsift::symbols
