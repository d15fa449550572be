// Which reports are "the same crash": one bucket algorithm for a whole
// report, used by its JSON Lines record and by the batch summary alike, so
// the two cannot disagree.
//
// Algorithm v2, in order:
//   - a diagnosis: "sig:" + the first diagnosis's signature bucket (the
//     signature id plus the values of the capture groups it declares in
//     `bucket`, diagnosis::SignatureBucket), with each captured source path
//     relative to the kernel tree ("drivers/pci/msi.c", not the builder's
//     "/home/u/rpmbuild/BUILD/linux-5.10.16/drivers/pci/msi.c");
//   - else the first crash event: "title:" + its title + "|" + its top three
//     reliable frames, without the scheduler, lock, sanitizer-report and
//     dump_stack frames that say how the kernel waited or reported rather
//     than where (diagnosis::BucketFrames);
//   - else "no-crash", or "error" when the input could not be analysed.
// The id is "v2:" + the 16 hex digits of the key's XXH3-64 hash; a change to
// the algorithm bumps the version, so ids of different versions never mix
// (`crashsift summary --map-from v1` re-buckets records of an older one).
// v1 kept captured paths as printed: one WARN_ON() got a bucket per build
// directory, and the builder's home directory went into bucket keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/pipeline/analysis_report.h"

namespace crashsift::pipeline {

inline constexpr std::string_view kBucketAlgorithm = "v2";

struct ReportBucket {
  std::string key;        // readable: "sig:...", "title:...|f1<f2<f3", "no-crash", "error"
  std::string id;         // "v2:0123456789abcdef"
  std::string title;      // of the diagnosis or event the key comes from
  std::string signature;  // the diagnosis's signature id, else empty
  // Wall-clock time (Unix seconds) of the event the key comes from, when the
  // log has one (journal, syslog, dmesg -T), else the dump's crash time.
  std::optional<double> when;
};

ReportBucket BucketOf(const AnalysisReport& report);

// kBucketAlgorithm + ":" + XXH3-64 of `key` in 16 lower-case hex digits.
std::string BucketId(std::string_view key);

}  // namespace crashsift::pipeline
