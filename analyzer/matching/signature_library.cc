#include "analyzer/matching/signature_library.h"

#include <algorithm>

#include "analyzer/core/limits.h"
#include "analyzer/matching/signature_loader.h"

namespace crashsift::matching {
namespace {

constexpr size_t kKindCount = static_cast<size_t>(events::EventKind::kOther) + 1;
constexpr size_t kMaxSignatureFiles = 100000;

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(limits::kRe2MaxMemBytes);
  return options;
}

}  // namespace

SignatureLibrary::SignatureLibrary() : by_kind_(kKindCount), near_by_kind_(kKindCount) {}
SignatureLibrary::SignatureLibrary(SignatureLibrary&&) noexcept = default;
SignatureLibrary& SignatureLibrary::operator=(SignatureLibrary&&) noexcept = default;
SignatureLibrary::~SignatureLibrary() = default;

Result<SignatureLibrary> SignatureLibrary::Load(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Fail(ErrorCode::kNotFound, dir.string(), "not a signature directory");
  }
  std::vector<std::filesystem::path> files;
  auto it = std::filesystem::recursive_directory_iterator(dir, ec);
  if (ec) return Fail(ErrorCode::kIo, dir.string(), "cannot list: " + ec.message());
  for (; it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return Fail(ErrorCode::kIo, dir.string(), "cannot list: " + ec.message());
    if (it->is_regular_file() && it->path().extension() == ".toml") files.push_back(it->path());
    if (files.size() > kMaxSignatureFiles) {
      return Fail(ErrorCode::kLimitExceeded, dir.string(), "more than 100000 signature files");
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Signature> signatures;
  std::unordered_map<std::string, std::string> seen;
  for (const auto& file : files) {
    auto rel = std::filesystem::relative(file, dir, ec);
    std::string subsystem;
    if (!ec && rel.has_parent_path()) subsystem = rel.begin()->string();
    auto s = LoadSignatureFile(file, subsystem);
    if (!s) return tl::unexpected<Error>(s.error());
    auto [pos, inserted] = seen.emplace(s->id, file.string());
    if (!inserted) {
      return Fail(ErrorCode::kInvalidSignature, file.string(),
                  "id '" + s->id + "' is already used by " + pos->second);
    }
    signatures.push_back(std::move(*s));
  }
  return Build(std::move(signatures), dir.string());
}

Result<SignatureLibrary> SignatureLibrary::Build(std::vector<Signature> signatures,
                                                 std::string origin) {
  SignatureLibrary lib;
  lib.signatures_ = std::move(signatures);
  for (size_t i = 0; i < lib.signatures_.size(); ++i) {
    if (!lib.by_id_.emplace(lib.signatures_[i].id, i).second) {
      return Fail(ErrorCode::kInvalidSignature, lib.signatures_[i].path,
                  "duplicate signature id '" + lib.signatures_[i].id + "'");
    }
  }
  if (auto r = lib.Compile(origin); !r) return tl::unexpected<Error>(r.error());
  return lib;
}

Result<void> SignatureLibrary::Compile(const std::string& origin) {
  set_ = std::make_unique<RE2::Set>(PatternOptions(), RE2::UNANCHORED);
  std::unordered_map<std::string, int> index_of;  // identical regexes share one entry
  auto add = [&](Pattern& p) -> Result<void> {
    auto [pos, inserted] = index_of.emplace(p.text, static_cast<int>(patterns_.size()));
    if (inserted) {
      auto re = std::make_unique<RE2>(p.text, PatternOptions());
      if (!re->ok()) {
        Error e{ErrorCode::kInvalidSignature, p.where.path, p.where.line,
                "bad regex: " + re->error()};
        e.is_line = true;
        return tl::unexpected<Error>(e);
      }
      std::string error;
      int set_index = set_->Add(p.text, &error);
      if (set_index != pos->second) {
        Error e{ErrorCode::kInvalidSignature, p.where.path, p.where.line,
                "regex rejected by RE2::Set: " + error};
        e.is_line = true;
        return tl::unexpected<Error>(e);
      }
      patterns_.push_back(std::move(re));
      by_pattern_.emplace_back();
    }
    p.index = pos->second;
    return {};
  };
  auto add_clause = [&](Clause& c) -> Result<void> {
    for (std::optional<Pattern>* p : {&c.line, &c.headline, &c.task}) {
      if (*p) {
        if (auto r = add(**p); !r) return r;
      }
    }
    for (DetailPattern& d : c.details) {
      if (auto r = add(d.pattern); !r) return r;
    }
    return {};
  };
  for (Signature& s : signatures_) {
    for (auto* list : {&s.require, &s.fragment, &s.support, &s.exclude, &s.symptom}) {
      for (Clause& c : *list) {
        if (auto r = add_clause(c); !r) return r;
      }
    }
  }
  if (!set_->Compile()) {
    return Fail(ErrorCode::kLimitExceeded, origin,
                "the signatures' regexes do not fit in RE2's memory budget (" +
                    std::to_string(limits::kRe2MaxMemBytes >> 20) + " MiB)");
  }
  // Triggers: each require clause is indexed under its most selective rule;
  // so is each [[fragment]] clause (ClauseRef::clause past the require ones).
  for (uint32_t si = 0; si < signatures_.size(); ++si) {
    const Signature& s = signatures_[si];
    const auto n_require = static_cast<uint32_t>(s.require.size());
    for (uint32_t ci = 0; ci < n_require + s.fragment.size(); ++ci) {
      const bool fragment = ci >= n_require;
      const Clause& c = fragment ? s.fragment[ci - n_require] : s.require[ci];
      if (!c.fact.empty()) continue;  // a fact of the boot alone makes no candidate
      ClauseRef ref{si, ci};
      const Pattern* p = c.line               ? &*c.line
                         : c.headline         ? &*c.headline
                         : c.task             ? &*c.task
                         : !c.details.empty() ? &c.details.front().pattern
                                              : nullptr;
      if (p) {
        by_pattern_[static_cast<size_t>(p->index)].push_back(ref);
      } else if (!c.frames.empty() || !c.frames_all.empty()) {
        by_frame_[c.frames.empty() ? c.frames_all.front() : c.frames.front()].push_back(ref);
      } else if (!c.frames_any.empty()) {
        for (const std::string& f : c.frames_any) by_frame_[f].push_back(ref);
      } else if (!c.kinds.empty()) {
        for (auto k : c.kinds) by_kind_[static_cast<size_t>(k)].push_back(ref);
      } else {
        always_.push_back(ref);
      }
      // For --explain: an event of the clause's kind is close enough to say
      // why the signature did not match it ("a different VERIFY3 in zap code").
      if (fragment) continue;
      for (auto k : c.kinds) near_by_kind_[static_cast<size_t>(k)].push_back(ref);
    }
  }
  return {};
}

const Signature* SignatureLibrary::Find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &signatures_[it->second];
}

Result<void> SignatureLibrary::PrefilterLine(std::string_view text, std::vector<int>& hits) const {
  if (patterns_.empty()) return {};
  RE2::Set::ErrorInfo info{};
  std::vector<int> found;
  if (!set_->Match(text, &found, &info)) {
    if (info.kind == RE2::Set::kNoError) return {};  // no pattern matches
    std::string why = info.kind == RE2::Set::kOutOfMemory    ? "out of memory (DFA budget)"
                      : info.kind == RE2::Set::kInconsistent ? "inconsistent result"
                                                             : "not compiled";
    return Fail(ErrorCode::kLimitExceeded, "", "signature prefilter failed: " + why);
  }
  hits.insert(hits.end(), found.begin(), found.end());
  return {};
}

const std::vector<ClauseRef>* SignatureLibrary::ByFrame(std::string_view function) const {
  auto it = by_frame_.find(std::string(function));
  return it == by_frame_.end() ? nullptr : &it->second;
}

const std::vector<ClauseRef>& SignatureLibrary::ByKind(events::EventKind kind) const {
  return by_kind_[static_cast<size_t>(kind)];
}

const std::vector<ClauseRef>& SignatureLibrary::NearMissByKind(events::EventKind kind) const {
  return near_by_kind_[static_cast<size_t>(kind)];
}

std::string_view ToString(Component component) {
  return component == Component::kKernel ? "kernel" : "openzfs";
}

}  // namespace crashsift::matching
