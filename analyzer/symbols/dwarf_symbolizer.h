// The libdw Symbolizer: finds the debuginfo of each frame's module among the
// --debuginfo paths (by build id where the log printed one, else by name and
// kernel release), opens it once, refuses it when its build id or release
// does not match the log, and answers with eu-addr2line -i's chain.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/symbols/debug_module.h"
#include "analyzer/symbols/debuginfo_index.h"
#include "analyzer/symbols/symbolizer.h"

namespace crashsift::symbols {

class DwarfSymbolizer final : public Symbolizer {
 public:
  // Indexes `paths` (see DebuginfoIndex). An Error when a path is missing or
  // unreadable, or when none of them holds a kernel debuginfo name (a wrong
  // path is better refused than silently symbolizing nothing).
  static Result<std::unique_ptr<DwarfSymbolizer>> Open(const std::vector<std::string>& paths);

  // Thread-safe: one lock around libdw (a Dwfl is not thread-safe) and the
  // caches; each answer is cached per (module, build id, release, symbol).
  Result<SourceChain> Symbolize(const FrameQuery& query) override;

 private:
  explicit DwarfSymbolizer(DebuginfoIndex index) : index_(std::move(index)) {}
  // The opened debuginfo for a frame's module, or why there is none.
  Result<const DebugModule*> ModuleFor(const FrameQuery& query);
  Result<const DebugModule*> OpenPath(const std::string& path);

  DebuginfoIndex index_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<DebugModule>> open_;            // by real path
  std::map<std::string, Error> unreadable_;                             // by real path
  using ModuleKey = std::tuple<std::string, std::string, std::string>;  // name, id, release
  std::map<ModuleKey, Result<const DebugModule*>> chosen_;
  using FrameKey = std::tuple<const DebugModule*, std::string, uint64_t, uint64_t>;
  std::map<FrameKey, Result<SourceChain>> answers_;
};

}  // namespace crashsift::symbols
