// Helpers of the diagnoser tests: corpus samples analysed and diagnosed with
// the shipped signature library, and look-ups in the result.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "analyzer/diagnosis/diagnoser.h"
#include "tests/matching/sample_analyzer.h"
#include "tests/support/test_support.h"

namespace crashsift::diagnosis {

inline const matching::SignatureLibrary& Shipped() { return *crashsift::testing::ShippedLibrary(); }

inline AnalyzedSample Sample(const std::string& relative) {
  auto s = crashsift::testing::AnalyzeSample(crashsift::testing::CorpusPath(relative));
  EXPECT_TRUE(s.has_value());
  return s ? std::move(*s) : AnalyzedSample{};
}

inline DiagnoseResult DiagnoseSample(const AnalyzedSample& s, bool explain = false) {
  auto r = Diagnose(Shipped(), s.events, s.systems, DiagnoseOptions{explain});
  EXPECT_TRUE(r.has_value());
  return r ? std::move(*r) : DiagnoseResult{};
}

inline const Diagnosis* FindDiagnosis(const DiagnoseResult& r, const std::string& id) {
  for (const auto& d : r.diagnoses) {
    if (d.signature == id) return &d;
  }
  return nullptr;
}

inline const NearMiss* FindNearMiss(const DiagnoseResult& r, const std::string& id) {
  for (const auto& n : r.near_misses) {
    if (n.signature == id) return &n;
  }
  return nullptr;
}

inline constexpr const char* kZap = "openzfs-zap-create-leaf-verify3";
inline constexpr const char* kLoop = "openzfs-loop-txg-sync-hang";

}  // namespace crashsift::diagnosis
