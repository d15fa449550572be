#include "analyzer/cli/command_line.h"

#include <boost/program_options.hpp>
#include <cstdio>
#include <sstream>

namespace crashsift::cli {
namespace po = boost::program_options;
namespace {

constexpr const char* kUsage =
    "usage: crashsift analyze [--format text|json|jsonl] [--explain] [--signatures DIR] [--jobs "
    "N]\n"
    "                         [--output FILE] FILE...\n"
    "       crashsift batch [--jobs N] [--output FILE.jsonl] [--summary FILE.json]\n"
    "                       [--signatures DIR] [--files-from FILE|-] [--shard I/N] [--quiet]\n"
    "                       [--resume RESULTS.jsonl]\n"
    "                       PATH...\n"
    "       crashsift dmesg [--raw] VMCORE...\n"
    "       crashsift signatures list|lint|test|show ID [--signatures DIR] [--corpus DIR]\n"
    "       crashsift --help | --version\n";

po::options_description CommonOptions() {
  po::options_description d("options");
  d.add_options()("help,h", "show this help")("signatures", po::value<std::string>(),
                                              "signature directory")(
      "jobs,j", po::value<unsigned>(), "parallel workers (default: CPUs)")(
      "output,o", po::value<std::string>(), "write the report to FILE")(
      "args", po::value<std::vector<std::string>>(), "positional");
  return d;
}

std::optional<OutputFormat> ParseFormat(const std::string& s) {
  if (s == "text") return OutputFormat::kText;
  if (s == "json") return OutputFormat::kJson;
  if (s == "jsonl") return OutputFormat::kJsonl;
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

  po::options_description desc = CommonOptions();
  if (verb == "analyze") {
    opts.verb = Verb::kAnalyze;
    desc.add_options()("format,f", po::value<std::string>()->default_value("text"),
                       "text|json|jsonl")("explain", "say why near-miss signatures were ruled out");
  } else if (verb == "batch") {
    opts.verb = Verb::kBatch;
    opts.format = OutputFormat::kJsonl;
    desc.add_options()("summary", po::value<std::string>(),
                       "write the bucket summary (JSON) to FILE")(
        "explain", "record near-misses in each line")(
        "files-from", po::value<std::string>(),
        "read input paths from FILE (- for stdin), one a line")(
        "shard", po::value<std::string>(),
        "analyse only shard I of N (0 <= I < N), by content hash")(
        "quiet,q", "no progress and no text summary on stderr")(
        "resume", po::value<std::string>(),
        "append to RESULTS.jsonl, skipping the inputs it already holds");
  } else if (verb == "dmesg") {
    opts.verb = Verb::kDmesg;
    desc.add_options()("raw", "vmcore-dmesg's form: continuation lines not indented");
  } else if (verb == "signatures") {
    opts.verb = Verb::kSignatures;
    desc.add_options()("corpus", po::value<std::string>(), "corpus root for `signatures test`");
  } else {
    return UsageError{"unknown command '" + verb + "'\n" + kUsage};
  }

  po::positional_options_description positional;
  positional.add("args", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return UsageError{std::string(e.what()) + "\n" + kUsage};
  }
  if (vm.count("help")) {
    std::ostringstream text;
    text << kUsage << "\n" << desc;
    opts.verb = Verb::kHelp;
    opts.help_text = text.str();
    return opts;
  }
  if (vm.count("args")) opts.inputs = vm["args"].as<std::vector<std::string>>();
  if (vm.count("signatures")) opts.signatures_dir = vm["signatures"].as<std::string>();
  if (vm.count("jobs")) opts.jobs = vm["jobs"].as<unsigned>();
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
  if (vm.count("format")) {
    auto f = ParseFormat(vm["format"].as<std::string>());
    if (!f)
      return UsageError{"unknown format '" + vm["format"].as<std::string>() +
                        "' (text, json or jsonl)"};
    opts.format = *f;
  }

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
  } else if (opts.inputs.empty() && opts.files_from.empty()) {
    return UsageError{verb + " needs at least one input (use - for stdin)\n" + kUsage};
  }
  return opts;
}

}  // namespace crashsift::cli
