#include "analyzer/cli/command_line.h"

#include <sys/stat.h>

#include <boost/program_options.hpp>
#include <cctype>
#include <cstdio>
#include <sstream>

#include "analyzer/batch/summary_format.h"

namespace crashsift::cli {
namespace po = boost::program_options;
namespace {

constexpr const char* kUsage =
    "usage: crashsift analyze [--format text|json|jsonl] [--explain] [--signatures DIR]\n"
    "                         [--jobs N] [--output FILE] [--max-input-time S] [--max-memory SIZE]\n"
    "                         [--debuginfo PATH]... [--redact] FILE...\n"
    "       crashsift batch [--jobs N] [--output FILE.jsonl] [--summary FILE] [--explain]\n"
    "                       [--summary-format text|json|markdown|html] [--redact]\n"
    "                       [--signatures DIR] [--max-input-time S] [--max-memory SIZE]\n"
    "                       [--debuginfo PATH]... [--files-from FILE|-] [--shard I/N] [--quiet]\n"
    "                       [--resume RESULTS.jsonl] PATH...\n"
    "       crashsift dmesg [--raw] [--output FILE] VMCORE...\n"
    "       crashsift symbolize --debuginfo PATH [--debuginfo PATH]... [--output FILE] [FILE|-]\n"
    "       crashsift tasks --debuginfo PATH [--state STATES] [--format text|json] VMCORE...\n"
    "       crashsift summary [--summary-format text|json|markdown|html] [--map-from VERSION]\n"
    "                         [--redact] [--output FILE] RESULTS.jsonl...|-\n"
    "       crashsift signatures list|lint|test|show ID [--signatures DIR] [--corpus DIR]\n"
    "       crashsift --help | --version\n"
    "       crashsift COMMAND --help\n";

// The usage line of one command (`crashsift COMMAND --help`).
std::string CommandUsage(const std::string& verb) {
  std::string usage = kUsage;
  const std::string head = "crashsift " + verb + " ";
  size_t at = usage.find(head);
  if (at == std::string::npos) return usage;
  size_t end = usage.find("\n       crashsift ", at);
  return "usage: " + usage.substr(at, end == std::string::npos ? end : end - at) + "\n";
}

// The options each command takes, and only those: --help lists what the
// command reads, never an option it would ignore.
po::options_description VisibleOptions(const std::string& verb) {
  po::options_description d(verb + " options");
  auto add = d.add_options();
  add("help,h", "show this help");
  if (verb == "analyze") {
    add("format,f", po::value<std::string>()->default_value("text"),
        "text | json (one object, one input) | jsonl (one object per line)");
    add("explain", "say why near-miss signatures were ruled out");
  }
  if (verb == "batch") {
    add("summary", po::value<std::string>(),
        "write the bucket summary to FILE (JSON unless --summary-format)");
    add("explain", "record near-misses in each line");
    add("files-from", po::value<std::string>(),
        "read input paths from FILE (- for stdin), one a line");
    add("shard", po::value<std::string>(),
        "analyse only shard I of N (0 <= I < N), by content hash");
    add("quiet,q", "no progress and no text summary on stderr");
    add("resume", po::value<std::string>(),
        "append to RESULTS.jsonl, skipping the inputs it already holds");
  }
  if (verb == "analyze" || verb == "batch") {
    add("jobs,j", po::value<std::string>(), "parallel workers, 1 to 1024 (default: CPUs)");
    add("max-input-time", po::value<std::string>(),
        "seconds of reading per input before its report is cut short, marked partial "
        "(default 300)");
    add("max-memory", po::value<std::string>(),
        "memory a dump's headers may ask for, e.g. 512M, 2G (default 1G)");
  }
  if (verb == "analyze" || verb == "batch" || verb == "symbolize" || verb == "tasks") {
    add("debuginfo", po::value<std::vector<std::string>>(),
        "vmlinux, .ko/.ko.debug, or a directory of them (/usr/lib/debug); repeatable");
  }
  if (verb == "tasks") {
    add("state", po::value<std::string>(), "only tasks in these states (letters of ps: D, R, ...)");
    add("format,f", po::value<std::string>()->default_value("text"), "text | json");
  }
  if (verb == "summary") {
    add("map-from", po::value<std::string>(),
        "re-bucket records whose ids are of bucket algorithm VERSION (e.g. v1) with this "
        "crashsift's, showing the old ids");
  }
  if (verb == "batch" || verb == "summary") {
    add("summary-format", po::value<std::string>(),
        verb == "batch" ? "text | json | markdown | html (default: json to a --summary file, "
                          "else text on stderr)"
                        : "text | json | markdown | html (default text)");
  }
  if (verb == "analyze" || verb == "batch" || verb == "summary") {
    add("redact",
        "replace hosts, IPs, MACs, user names, serial numbers and /home paths by stable "
        "placeholders (host-1, ip-1, ...) in every output");
  }
  if (verb == "dmesg") add("raw", "vmcore-dmesg's form: continuation lines not indented");
  if (verb == "signatures")
    add("corpus", po::value<std::string>(), "corpus root for `signatures test`");
  if (verb != "signatures" && verb != "tasks") {
    add("output,o", po::value<std::string>(),
        verb == "batch"     ? "write the JSON Lines to FILE"
        : verb == "summary" ? "write the summary to FILE"
                            : "write the report to FILE");
  }
  if (verb != "dmesg" && verb != "symbolize" && verb != "tasks" && verb != "summary")
    add("signatures", po::value<std::string>(), "signature directory");
  return d;
}

std::optional<OutputFormat> ParseFormat(const std::string& s) {
  if (s == "text") return OutputFormat::kText;
  if (s == "json") return OutputFormat::kJson;
  if (s == "jsonl") return OutputFormat::kJsonl;
  return std::nullopt;
}

// A whole decimal number in [min, max], else nullopt (no sign, no wrap:
// "-1" is not 4294967295).
std::optional<uint64_t> ParseCount(const std::string& s, uint64_t min, uint64_t max) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v < min || v > max) return std::nullopt;
  return v;
}

// "512M", "2G", "1048576" (bytes); at least 16 MiB, at most 1 TiB.
std::optional<uint64_t> ParseSize(std::string s) {
  uint64_t unit = 1;
  if (!s.empty()) {
    switch (std::toupper(static_cast<unsigned char>(s.back()))) {
      case 'K':
        unit = 1ull << 10;
        break;
      case 'M':
        unit = 1ull << 20;
        break;
      case 'G':
        unit = 1ull << 30;
        break;
      default:
        break;
    }
    if (unit != 1) s.pop_back();
  }
  auto v = ParseCount(s, 1, (1ull << 40) / unit);
  if (!v || *v * unit < (16ull << 20)) return std::nullopt;
  return *v * unit;
}

// What a first-time user most likely meant by `crashsift WORD`.
std::string UnknownCommand(const std::string& verb) {
  struct stat st {};
  if (verb == "-") return "unknown command '-'; to analyse standard input: crashsift analyze -";
  if (::stat(verb.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return "unknown command '" + verb +
             "'; to analyse the files in a directory: crashsift batch " + verb;
    return "unknown command '" + verb + "'; to analyse a file: crashsift analyze " + verb;
  }
  return "unknown command '" + verb + "'\n" + kUsage;
}

// The option values of `vm` into `opts`; the first one that is wrong.
std::optional<UsageError> ReadValues(const po::variables_map& vm, Options& opts) {
  if (vm.count("args")) opts.inputs = vm["args"].as<std::vector<std::string>>();
  if (vm.count("signatures")) opts.signatures_dir = vm["signatures"].as<std::string>();
  if (vm.count("jobs")) {
    auto jobs = ParseCount(vm["jobs"].as<std::string>(), 1, 1024);
    if (!jobs)
      return UsageError{"--jobs " + vm["jobs"].as<std::string>() + ": a number from 1 to 1024"};
    opts.jobs = static_cast<unsigned>(*jobs);
  }
  if (vm.count("max-input-time")) {
    auto s = ParseCount(vm["max-input-time"].as<std::string>(), 1, 86400);
    if (!s) {
      return UsageError{"--max-input-time " + vm["max-input-time"].as<std::string>() +
                        ": seconds, from 1 to 86400"};
    }
    opts.max_input_seconds = static_cast<unsigned>(*s);
  }
  if (vm.count("max-memory")) {
    auto m = ParseSize(vm["max-memory"].as<std::string>());
    if (!m) {
      return UsageError{"--max-memory " + vm["max-memory"].as<std::string>() +
                        ": a size from 16M to 1024G (512M, 2G, or bytes)"};
    }
    opts.max_memory_bytes = *m;
  }
  if (vm.count("output")) opts.output = vm["output"].as<std::string>();
  if (vm.count("explain")) opts.explain = true;
  if (vm.count("raw")) opts.raw = true;
  if (vm.count("summary")) opts.summary = vm["summary"].as<std::string>();
  if (vm.count("files-from")) opts.files_from = vm["files-from"].as<std::string>();
  if (vm.count("quiet")) opts.quiet = true;
  if (vm.count("resume")) {
    opts.resume = vm["resume"].as<std::string>();
    if (!opts.output.empty() && opts.output != opts.resume) {
      return UsageError{"--resume FILE appends to FILE: give no other --output"};
    }
  }
  if (vm.count("shard")) {
    const std::string shard = vm["shard"].as<std::string>();
    unsigned index = 0, count = 0;
    char extra = 0;
    if (std::sscanf(shard.c_str(), "%u/%u%c", &index, &count, &extra) != 2 || count == 0 ||
        index >= count) {
      return UsageError{"--shard wants I/N with 0 <= I < N, not '" + shard + "'"};
    }
    opts.shard_index = index;
    opts.shard_count = count;
  }
  if (vm.count("corpus")) opts.corpus_dir = vm["corpus"].as<std::string>();
  if (vm.count("debuginfo")) opts.debuginfo = vm["debuginfo"].as<std::vector<std::string>>();
  if (vm.count("state")) opts.state = vm["state"].as<std::string>();
  if (vm.count("format")) {
    auto f = ParseFormat(vm["format"].as<std::string>());
    if (!f)
      return UsageError{"unknown format '" + vm["format"].as<std::string>() +
                        "' (text, json or jsonl)"};
    opts.format = *f;
  }
  return std::nullopt;
}

// The summary and redaction options (batch, summary, analyze).
std::optional<UsageError> ReadSummaryValues(const po::variables_map& vm, Options& opts) {
  if (vm.count("redact")) opts.redact = true;
  if (vm.count("summary-format")) {
    opts.summary_format = vm["summary-format"].as<std::string>();
    if (!batch::ParseSummaryFormat(opts.summary_format)) {
      return UsageError{"unknown summary format '" + opts.summary_format +
                        "' (text, json, markdown or html)"};
    }
  }
  if (vm.count("map-from")) {
    opts.map_from = vm["map-from"].as<std::string>();
    const auto& v = opts.map_from;
    if (v.size() < 2 || v[0] != 'v' || v.find_first_not_of("0123456789", 1) != std::string::npos) {
      return UsageError{"--map-from wants a bucket algorithm version such as v1, not '" + v + "'"};
    }
  }
  if (opts.redact && !opts.resume.empty()) {
    // Redacted records no longer name their inputs: resuming would analyse
    // (and append) every input again.
    return UsageError{
        "--redact with --resume: redacted records do not say which inputs are done; run "
        "unredacted and redact the summary (crashsift summary --redact RESULTS.jsonl)"};
  }
  return std::nullopt;
}

// What each verb needs besides its options; `opts.inputs` becomes the
// signatures action's arguments for `signatures`.
std::optional<UsageError> CheckArguments(const std::string& verb, Options& opts) {
  if (opts.verb == Verb::kSignatures) {
    if (opts.inputs.empty())
      return UsageError{"signatures needs list, show ID, lint or test\n" + std::string(kUsage)};
    opts.signatures_action = opts.inputs.front();
    opts.inputs.erase(opts.inputs.begin());
    const auto& a = opts.signatures_action;
    if (a != "list" && a != "show" && a != "lint" && a != "test")
      return UsageError{"unknown signatures action '" + a + "' (list, show ID, lint or test)"};
    if (a == "show") {
      if (opts.inputs.size() != 1) return UsageError{"signatures show needs exactly one ID"};
      opts.signature_id = opts.inputs.front();
    } else if (!opts.inputs.empty()) {
      return UsageError{"signatures " + a + " takes no arguments"};
    }
    opts.inputs.clear();
  } else if (opts.verb == Verb::kTasks && opts.debuginfo.empty()) {
    return UsageError{"tasks needs --debuginfo PATH (the dump's vmlinux debuginfo)"};
  } else if (opts.verb == Verb::kSymbolize) {
    if (opts.debuginfo.empty()) return UsageError{"symbolize needs --debuginfo PATH"};
    if (opts.inputs.size() > 1)
      return UsageError{"symbolize reads one log (a file, or - for stdin)"};
    if (opts.inputs.empty()) opts.inputs.push_back("-");
  } else if (opts.inputs.empty() && opts.files_from.empty()) {
    return UsageError{verb + " needs at least one input (use - for stdin)\n" + kUsage};
  } else if (opts.format == OutputFormat::kJson && opts.inputs.size() > 1) {
    // One documented shape: --format json is one report object.
    return UsageError{
        "--format json writes one report object, for one input; use --format jsonl for several "
        "(one object per line)"};
  }
  return std::nullopt;
}

}  // namespace

std::variant<Options, UsageError> ParseCommandLine(int argc, const char* const* argv) {
  Options opts;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return UsageError{"no command given\n" + std::string(kUsage)};
  const std::string verb = args.front();
  args.erase(args.begin());
  if (verb == "--help" || verb == "-h" || verb == "help") {
    opts.verb = Verb::kHelp;
    opts.help_text = kUsage;
    return opts;
  }
  if (verb == "--version" || verb == "version") {
    opts.verb = Verb::kVersion;
    return opts;
  }
  if (verb == "analyze") {
    opts.verb = Verb::kAnalyze;
  } else if (verb == "batch") {
    opts.verb = Verb::kBatch;
    opts.format = OutputFormat::kJsonl;
  } else if (verb == "dmesg") {
    opts.verb = Verb::kDmesg;
  } else if (verb == "signatures") {
    opts.verb = Verb::kSignatures;
  } else if (verb == "symbolize") {
    opts.verb = Verb::kSymbolize;
  } else if (verb == "tasks") {
    opts.verb = Verb::kTasks;
  } else if (verb == "summary") {
    opts.verb = Verb::kSummary;
  } else {
    return UsageError{UnknownCommand(verb)};
  }

  po::options_description visible = VisibleOptions(verb);
  po::options_description all;
  all.add(visible).add_options()("args", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("args", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return UsageError{std::string(e.what()) + "\n" + kUsage};
  }
  if (vm.count("help")) {
    std::ostringstream text;
    text << CommandUsage(verb) << "\n" << visible;
    opts.verb = Verb::kHelp;
    opts.help_text = text.str();
    return opts;
  }
  if (auto error = ReadValues(vm, opts)) return *error;
  if (auto error = ReadSummaryValues(vm, opts)) return *error;
  if (auto error = CheckArguments(verb, opts)) return *error;
  return opts;
}

}  // namespace crashsift::cli
