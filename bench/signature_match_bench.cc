// bench-deps: crashsift_matching crashsift_diagnosis crashsift_kernel_log crashsift_input
// Matching cost against library size. The shipped signatures are replicated
// to 250 and 1,000 signatures: each replica gets its own id, its regexes
// a distinct literal prefix and its frame names a distinct suffix, so the
// replicas are real, different signatures that the sample events do not
// trigger (as in a large library, where an event concerns a handful). The
// events are every sample under corpus/logs/signatures and corpus/logs/library
// read with the real TextLogReader + EventSplitter, repeated to ~20,000 events.
// Prints, per library size: patterns, compile time, and matching+diagnosis
// time per MB of log text and per event; the figure to look at is how that
// time grows with the library (linear growth would be x22 at 1,000). For
// scale it also prints what reading and splitting the same text costs. All
// times are process CPU time.
//
// usage: signature_match_bench [signatures-dir] [corpus-dir]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/diagnosis/diagnoser.h"
#include "analyzer/events/event_splitter.h"
#include "analyzer/input/input_source.h"
#include "analyzer/kernel_log/text_log_reader.h"
#include "analyzer/matching/signature_library.h"

namespace {

using namespace crashsift;
// CPU time of this (single-threaded) process: the figures stay comparable on
// a machine shared with other jobs, where wall time is not.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
};

double Seconds(double a, double b) { return b - a; }

struct Sample {
  std::vector<events::Event> events;
  std::vector<events::SystemFacts> systems;
  uintmax_t bytes = 0;  // size of the log file
};

std::vector<Sample> ReadSamples(const std::filesystem::path& corpus) {
  std::vector<Sample> out;
  for (const char* sub : {"logs/signatures", "logs/library"}) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(corpus / sub, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file() || it->path().extension() != ".log") continue;
      auto reader =
          kernel_log::TextLogReader::Open(input::InputSource::FromPath(it->path().string()));
      if (!reader) continue;
      events::EventSplitter splitter;
      kernel_log::LogRecord record;
      while (true) {
        auto more = reader->Next(record);
        if (!more || !*more) break;
        splitter.Add(record);
      }
      auto split = splitter.Finish();
      if (!split.events.empty()) {
        out.push_back({std::move(split.events), std::move(split.systems),
                       std::filesystem::file_size(it->path(), ec)});
      }
    }
  }
  return out;
}

// Replica `k` of a signature: distinct id, regexes that need a literal only
// that replica has, frame names only that replica uses.
matching::Signature Replica(const matching::Signature& base, int k) {
  matching::Signature s = base;
  std::string tag = "r" + std::to_string(k);
  s.id = base.id + "-" + tag;
  auto patch = [&](matching::Clause& c) {
    for (std::optional<matching::Pattern>* p : {&c.line, &c.headline, &c.task}) {
      if (*p) (*p)->text = "zq" + tag + "q(?:" + (*p)->text + ")", (*p)->index = -1;
    }
    for (auto& d : c.details)
      d.pattern.text = "zq" + tag + "q(?:" + d.pattern.text + ")", d.pattern.index = -1;
    for (auto* list : {&c.frames, &c.frames_all, &c.frames_any}) {
      for (std::string& f : *list) f += "_" + tag;
    }
    if (!c.module.empty()) c.module += "_" + tag;
  };
  for (auto* list : {&s.require, &s.support, &s.exclude, &s.symptom}) {
    for (auto& c : *list) patch(c);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path sig_dir = argc > 1 ? argv[1] : CRASHSIFT_SOURCE_SIGNATURES_DIR;
  std::filesystem::path corpus = argc > 2 ? argv[2] : sig_dir.parent_path() / "corpus";
  auto base = matching::SignatureLibrary::Load(sig_dir);
  if (!base) {
    std::fprintf(stderr, "signature_match_bench: %s\n", base.error().OneLine().c_str());
    return 1;
  }
  auto r0 = Clock::now();
  std::vector<Sample> samples = ReadSamples(corpus);
  auto r1 = Clock::now();
  size_t sample_events = 0;
  uintmax_t sample_bytes = 0;
  for (const auto& s : samples) {
    sample_events += s.events.size();
    sample_bytes += s.bytes;
  }
  if (sample_events == 0) {
    std::fprintf(stderr, "signature_match_bench: no events in %s\n", corpus.c_str());
    return 1;
  }
  const size_t rounds = (20000 + sample_events - 1) / sample_events;
  const double mb = static_cast<double>(sample_bytes) / 1e6;
  std::printf(
      "%zu samples, %.3f MB, %zu events, each diagnosed %zu times (%.1f MB, %zu events per size)\n",
      samples.size(), mb, sample_events, rounds, mb * static_cast<double>(rounds),
      sample_events * rounds);
  std::printf("reading + splitting that text once: %.1f ms per MB (for scale)\n",
              Seconds(r0, r1) * 1e3 / mb);
  std::printf("%10s %9s %12s %12s %14s %12s %14s\n", "signatures", "patterns", "compile ms",
              "ms per MB", "us per event", "diagnoses", "explain ms/MB");
  const auto& originals = base->signatures();
  double first_per_event = 0;
  for (size_t target : {originals.size(), size_t{250}, size_t{1000}}) {
    if (target < originals.size()) continue;
    std::vector<matching::Signature> sigs(originals.begin(), originals.end());
    for (int k = 1; sigs.size() < target; ++k) {
      for (const auto& s : originals) {
        if (sigs.size() >= target) break;
        sigs.push_back(Replica(s, k));
      }
    }
    auto t0 = Clock::now();
    auto lib = matching::SignatureLibrary::Build(std::move(sigs));
    auto t1 = Clock::now();
    if (!lib) {
      std::fprintf(stderr, "signature_match_bench: %s\n", lib.error().OneLine().c_str());
      return 1;
    }
    size_t diagnoses = 0;
    auto t2 = Clock::now();
    for (size_t r = 0; r < rounds; ++r) {
      for (const auto& s : samples) {
        auto d = diagnosis::Diagnose(*lib, s.events, s.systems);
        if (!d) {
          std::fprintf(stderr, "signature_match_bench: %s\n", d.error().OneLine().c_str());
          return 1;
        }
        diagnoses += d->diagnoses.size();
      }
    }
    auto t3 = Clock::now();
    // --explain also evaluates the near-misses (every signature that names an
    // event's kind on a system its [system] accepts): one round is enough.
    const size_t explain_rounds = std::max<size_t>(1, rounds / 4);
    for (size_t r = 0; r < explain_rounds; ++r) {
      for (const auto& s : samples) {
        auto d = diagnosis::Diagnose(*lib, s.events, s.systems, diagnosis::DiagnoseOptions{true});
        if (!d) return 1;
      }
    }
    auto t4 = Clock::now();
    double explain_per_mb = Seconds(t3, t4) * 1e3 / (mb * static_cast<double>(explain_rounds));
    double per_event = Seconds(t2, t3) * 1e6 / static_cast<double>(sample_events * rounds);
    double per_mb = Seconds(t2, t3) * 1e3 / (mb * static_cast<double>(rounds));
    if (first_per_event == 0) first_per_event = per_event;
    std::printf(
        "%10zu %9zu %12.1f %12.1f %14.2f %12zu %14.1f   (x%.2f time for x%.1f signatures)\n",
        lib->signatures().size(), lib->pattern_count(), Seconds(t0, t1) * 1e3, per_mb, per_event,
        diagnoses, explain_per_mb, per_event / first_per_event,
        static_cast<double>(lib->signatures().size()) / static_cast<double>(originals.size()));
  }
  return 0;
}
