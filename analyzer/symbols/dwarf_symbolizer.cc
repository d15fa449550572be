#include "analyzer/symbols/dwarf_symbolizer.h"

namespace crashsift::symbols {
namespace {

// The log may print a build id cut short; a prefix of 8+ digits identifies.
bool BuildIdMatches(const std::string& file_id, const std::string& log_id) {
  if (log_id.empty()) return true;
  if (log_id.size() < 8 || file_id.size() < log_id.size()) return file_id == log_id;
  return file_id.compare(0, log_id.size(), log_id) == 0;
}

std::string Short(const std::string& id) { return id.size() > 12 ? id.substr(0, 12) + "..." : id; }

}  // namespace

Result<std::unique_ptr<DwarfSymbolizer>> DwarfSymbolizer::Open(
    const std::vector<std::string>& paths) {
  auto index = DebuginfoIndex::Build(paths);
  if (!index) return Fail(index.error());
  if (index->entries().empty()) {
    return Fail(ErrorCode::kNotFound, paths.empty() ? "" : paths.front(),
                "no vmlinux or kernel module debuginfo found");
  }
  return std::unique_ptr<DwarfSymbolizer>(new DwarfSymbolizer(std::move(*index)));
}

Result<const DebugModule*> DwarfSymbolizer::OpenPath(const std::string& path) {
  if (auto it = open_.find(path); it != open_.end()) return it->second.get();
  if (auto it = unreadable_.find(path); it != unreadable_.end()) return Fail(it->second);
  auto opened = DebugModule::Open(path);
  if (!opened) {
    unreadable_.emplace(path, opened.error());
    return Fail(opened.error());
  }
  const DebugModule* module = opened->get();
  open_.emplace(path, std::move(*opened));
  return module;
}

Result<const DebugModule*> DwarfSymbolizer::ModuleFor(const FrameQuery& query) {
  const std::string name = query.module.empty() ? "vmlinux" : CanonicalModuleName(query.module);
  ModuleKey key{name, query.module_build_id, query.kernel_release};
  if (auto it = chosen_.find(key); it != chosen_.end()) return it->second;

  // The first candidate that is this module and matches the log wins; the
  // first refusal is kept as the reason when none does.
  std::optional<Error> refusal;
  std::optional<Error> unreadable;
  const DebugModule* found = nullptr;
  for (const DebugFileEntry* entry :
       index_.Candidates(name, query.module_build_id, query.kernel_release)) {
    auto module = OpenPath(entry->real_path);
    if (!module) {
      if (!unreadable) unreadable = module.error();
      continue;
    }
    const DebugModule& m = **module;
    if (m.name() != name && !(m.name().empty() && entry->name == name)) continue;
    if (!BuildIdMatches(m.build_id(), query.module_build_id)) {
      if (!refusal) {
        refusal = Error{ErrorCode::kBadMagic, entry->path, std::nullopt,
                        "build id " + Short(m.build_id()) + " does not match the log's " +
                            Short(query.module_build_id) + " for " + name};
      }
      continue;
    }
    // Without a build id, the release is what ties a file to the log.
    if (query.module_build_id.empty() && !query.kernel_release.empty() && !m.release().empty() &&
        m.release() != query.kernel_release) {
      if (!refusal) {
        refusal = Error{ErrorCode::kBadMagic, entry->path, std::nullopt,
                        "built for " + m.release() + ", the log is from " + query.kernel_release};
      }
      continue;
    }
    if (!m.has_dwarf()) {
      if (!refusal) {
        refusal = Error{ErrorCode::kNotFound, entry->path, std::nullopt,
                        "no DWARF line information (stripped?)"};
      }
      continue;
    }
    found = &m;
    break;
  }
  Result<const DebugModule*> result = found;
  if (found == nullptr) {
    if (refusal) {
      result = Fail(*refusal);
    } else if (unreadable) {
      result = Fail(*unreadable);
    } else {
      result = Fail(ErrorCode::kNotFound, name, "no debuginfo among the --debuginfo paths");
    }
  }
  chosen_.emplace(key, result);
  return result;
}

Result<SourceChain> DwarfSymbolizer::Symbolize(const FrameQuery& query) {
  std::lock_guard lock(mu_);
  auto module = ModuleFor(query);
  if (!module) return Fail(module.error());
  FrameKey key{*module, query.function, query.offset, query.size.value_or(0)};
  if (auto it = answers_.find(key); it != answers_.end()) return it->second;
  Result<SourceChain> answer = (*module)->Lookup(query.function, query.offset, query.size);
  answers_.emplace(key, answer);
  return answer;
}

}  // namespace crashsift::symbols
