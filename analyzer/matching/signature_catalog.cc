#include "analyzer/matching/signature_catalog.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "analyzer/matching/signature_loader.h"

namespace crashsift::matching {
namespace {

void PrintClause(std::ostringstream& out, const Clause& c, const char* role) {
  out << "  " << role << ": " << c.name;
  if (c.where.line) out << "  (line " << c.where.line << ")";
  out << "\n";
  if (!c.kinds.empty()) {
    out << "      kind:";
    for (auto k : c.kinds) out << " " << events::ToString(k);
    out << "\n";
  }
  if (c.task) out << "      task: /" << c.task->text << "/\n";
  if (c.headline) out << "      headline: /" << c.headline->text << "/\n";
  if (c.line) out << "      line: /" << c.line->text << "/\n";
  for (const auto& d : c.details) out << "      " << d.key << ": /" << d.pattern.text << "/\n";
  auto list = [&out](const char* label, const std::vector<std::string>& v, const char* sep) {
    if (v.empty()) return;
    out << "      " << label << ": ";
    for (size_t i = 0; i < v.size(); ++i) out << (i ? sep : "") << v[i];
    out << "\n";
  };
  list("frames (in order)", c.frames, " -> ");
  list("frames (all)", c.frames_all, ", ");
  list("frames (any)", c.frames_any, ", ");
  if (!c.module.empty()) out << "      module: " << c.module << "\n";
  if (!c.file.empty()) out << "      file: " << c.file << "\n";
  if (c.top) out << "      top: " << *c.top << " frames\n";
  if (std::string(role) == "support") out << "      weight: +" << c.weight << "\n";
}

}  // namespace

std::vector<SignatureSummary> List(const SignatureLibrary& library) {
  std::vector<SignatureSummary> out;
  for (const Signature& s : library.signatures())
    out.push_back({s.id, s.subsystem, s.title, s.path});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

std::optional<std::string> Show(const SignatureLibrary& library, std::string_view id) {
  const Signature* s = library.Find(id);
  if (!s) return std::nullopt;
  std::ostringstream out;
  out << s->id << "\n  " << s->title << "\n  file: " << s->path << "\n  scope: "
      << (s->scope == Scope::kBoot ? "boot (clauses may hold on different events of one boot)"
                                   : "event")
      << "\n";
  if (!s->subsystem.empty()) out << "  subsystem: " << s->subsystem << "\n";
  if (s->priority) out << "  priority: " << s->priority << "\n";
  if (s->base_confidence) out << "  base confidence: " << *s->base_confidence << "\n";
  if (!s->tags.empty()) {
    out << "  tags:";
    for (const auto& t : s->tags) out << " " << t;
    out << "\n";
  }
  out << "  bucket: " << s->id;
  for (const auto& b : s->bucket) out << ":<" << b << ">";
  out << "\n";
  out << "\nSummary:\n" << s->summary << "\n\nMatch rules:\n";
  for (const Clause& c : s->require)
    PrintClause(out, c, c.root && s->scope == Scope::kBoot ? "require (root)" : "require");
  for (const Clause& c : s->support) PrintClause(out, c, "support");
  for (const Clause& c : s->exclude) PrintClause(out, c, "exclude");
  for (const Clause& c : s->symptom) PrintClause(out, c, "symptom");
  if (s->system.zfs || !s->system.kernel.empty() || !s->system.openzfs.empty()) {
    out << "\nSystem:\n";
    if (s->system.zfs) out << "  zfs: " << (*s->system.zfs ? "required" : "must be absent") << "\n";
    if (!s->system.kernel.empty()) out << "  kernel: " << DescribeRanges(s->system.kernel) << "\n";
    if (!s->system.openzfs.empty())
      out << "  openzfs: " << DescribeRanges(s->system.openzfs) << "\n";
  }
  if (!s->affected.empty()) {
    out << "\nAffected:\n";
    for (const AffectedRule& a : s->affected) {
      out << "  " << ToString(a.component) << " " << DescribeRanges(a.ranges)
          << "\n      inside: " << a.inside << "\n      outside: " << a.outside << "\n";
    }
  }
  if (!s->actions.empty()) {
    out << "\nActions:\n";
    for (size_t i = 0; i < s->actions.size(); ++i) {
      out << "  " << i + 1 << ". " << s->actions[i].text
          << (s->actions[i].only_if_affected ? "  [only if affected]" : "") << "\n";
    }
  }
  if (!s->references.empty()) {
    out << "\nReferences:\n";
    for (const auto& r : s->references) out << "  " << r << "\n";
  }
  if (!s->collect_next.empty()) {
    out << "\nCollect next:\n";
    for (const auto& r : s->collect_next) out << "  - " << r << "\n";
  }
  if (!s->tests_match.empty() || !s->tests_no_match.empty()) {
    out << "\nTests:\n";
    for (const auto& t : s->tests_match) out << "  match:    " << t << "\n";
    for (const auto& t : s->tests_no_match) out << "  no_match: " << t << "\n";
  }
  return out.str();
}

LintResult Lint(const std::filesystem::path& dir, const std::filesystem::path& corpus_root) {
  LintResult result;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    result.errors.push_back(
        Error{ErrorCode::kNotFound, dir.string(), std::nullopt, "not a signature directory"});
    return result;
  }
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".toml") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> ids;
  std::vector<Signature> loaded;
  for (const auto& file : files) {
    ++result.files;
    auto rel = std::filesystem::relative(file, dir, ec);
    std::string subsystem = (!ec && rel.has_parent_path()) ? rel.begin()->string() : "";
    auto s = LoadSignatureFile(file, subsystem);
    if (!s) {
      result.errors.push_back(s.error());
      continue;
    }
    auto [pos, inserted] = ids.emplace(s->id, file.string());
    if (!inserted) {
      result.errors.push_back(Error{ErrorCode::kInvalidSignature, file.string(), std::nullopt,
                                    "id '" + s->id + "' is already used by " + pos->second});
      continue;
    }
    auto warn = [&](std::string message) {
      result.warnings.push_back(Warning{file.string(), std::nullopt, std::move(message)});
    };
    if (subsystem.empty()) warn("not in a subsystem folder (signatures/<subsystem>/<id>.toml)");
    if (s->tests_match.empty()) warn("no [tests] match samples");
    if (s->actions.empty()) warn("no [[action]]");
    if (s->references.empty()) warn("no references");
    if (!corpus_root.empty()) {
      for (const auto* list : {&s->tests_match, &s->tests_no_match}) {
        for (const std::string& t : *list) {
          if (!std::filesystem::exists(corpus_root / t, ec)) {
            result.errors.push_back(
                Error{ErrorCode::kNotFound, file.string(), std::nullopt,
                      "tests: sample '" + t + "' does not exist under " + corpus_root.string()});
          }
        }
      }
    }
    loaded.push_back(std::move(*s));
  }
  if (result.errors.empty()) {
    auto lib = SignatureLibrary::Build(std::move(loaded), dir.string());
    if (!lib) result.errors.push_back(lib.error());
  }
  return result;
}

}  // namespace crashsift::matching
