#include "analyzer/pipeline/report_bucket.h"

#include <xxhash.h>

#include <cstdio>

#include "analyzer/diagnosis/crash_bucket.h"

namespace crashsift::pipeline {
namespace {

constexpr size_t kFramesInKey = 3;

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
    b.key = "sig:" + (d.bucket.empty() ? d.signature : d.bucket);
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
