// The diagnoser's affected-version verdicts for the precise signatures.
#include <gtest/gtest.h>

#include <algorithm>

#include "analyzer/diagnosis/affected.h"
#include "analyzer/diagnosis/diagnoser.h"
#include "tests/diagnosis/diagnoser_samples.h"

namespace crashsift::diagnosis {
namespace {

// The two precise signatures' version verdicts against FACTS.md (sections A
// and B), for upstream, distribution and master-snapshot builds.
struct VersionCase {
  const char* kernel;    // release as printed (nullptr: not in the log)
  const char* upstream;  // what a distro banner says (nullptr: none)
  const char* zfs;       // "ZFS: Loaded module v..." (nullptr: not in the log)
  Affected expected;
  const char* reason;
};

AffectedVerdict Verdict(const char* id, const VersionCase& c) {
  events::SystemFacts f;
  if (c.kernel) {
    f.kernel_release = c.kernel;
    f.kernel = ParseVersion(c.kernel);
  }
  if (c.upstream) f.kernel_upstream = ParseVersion(c.upstream);
  if (c.zfs) {
    f.zfs_release = c.zfs;
    f.zfs = ParseVersion(c.zfs);
  }
  const matching::Signature* s = Shipped().Find(id);
  EXPECT_NE(s, nullptr);
  return s ? ComputeAffected(*s, &f) : AffectedVerdict{};
}

TEST(DiagnoserTest, LoopSignatureVersionVerdicts) {
  const std::vector<VersionCase> cases = {
      // openzfs/zfs#17277's reporters; the issue's own wording.
      {"6.12.25-amd64", nullptr, "2.3.1-1", Affected::kYes,
       "kernel 6.12.25-amd64 has the loop change (6.12.25+, the 6.14.y backport, 6.15+) and ZFS "
       "2.3.1-1 lacks the fix (2.3.3, 2.2.8)"},
      {"6.12.24", nullptr, "2.3.1-1", Affected::kNo, nullptr},
      {"6.14.5", nullptr, "2.3.2-1", Affected::kYes, nullptr},
      {"6.14.4", nullptr, "2.3.2-1", Affected::kUnknown,
       "ZFS 2.3.2-1 lacks the fix (2.3.3, 2.2.8), but kernel 6.14.4 may or may not have the loop "
       "change (the 6.14.y backport is first in 6.14.4 or 6.14.5: unverified)"},
      {"6.14.3", nullptr, "2.3.2-1", Affected::kNo, nullptr},
      {"6.15.0-rc3", nullptr, "2.2.7-1", Affected::kYes, nullptr},
      {"6.16.1", nullptr, "2.3.3-1", Affected::kNo, nullptr},   // db988fabfb in 2.3.3
      {"6.12.30", nullptr, "2.2.8-1", Affected::kNo, nullptr},  // 36225ba979 in 2.2.8
      {"6.12.30", nullptr, "2.1.16-1", Affected::kYes, nullptr},
      {"6.12.30", nullptr, "2.0.0-1", Affected::kNo, nullptr},  // before 58bc86c5cb (2.0.1)
      // Master snapshots around the fix 2ee5b51a57 (git describe zfs-2.3.99-331).
      {"6.15.2", nullptr, "2.3.99-330_g0123456789", Affected::kYes, nullptr},
      {"6.15.2", nullptr, "2.3.99-331_g2ee5b51a57", Affected::kNo, nullptr},
      // The loop change went into 6.15-rc3: no 6.13 or 6.15-rc1/rc2 kernel has it.
      {"6.13.0-rc1", nullptr, "2.2.99-600_g0123456789", Affected::kNo, nullptr},
      {"6.15.2", nullptr, "2.3.99-1", Affected::kUnknown, nullptr},  // master, count unknown
      {"6.15.2", nullptr, "2.2.99-1", Affected::kYes, nullptr},      // all of 2.2.99 lacks it
      {"6.15.0-rc2", nullptr, "2.3.2-1", Affected::kNo, nullptr},
      // Proxmox VE 8.x: 6.8 never got the loop change, so ZFS 2.2.6-pve1 is safe there.
      {"6.8.12-4-pve", nullptr, "2.2.6-pve1", Affected::kNo,
       "kernel 6.8.12-4-pve predates the loop change (it arrived in 6.12.25, the 6.14.y backport "
       "and 6.15), although ZFS 2.2.6-pve1 lacks the fix (2.3.3, 2.2.8)"},
      // Ubuntu names only the 6.14 base; its banner names the stable release.
      {"6.14.0-15-generic", nullptr, "2.3.1-1ubuntu2", Affected::kUnknown,
       "ZFS 2.3.1-1ubuntu2 lacks the fix (2.3.3, 2.2.8), but kernel 6.14.0-15-generic names only "
       "its 6.14 base, not the stable release it carries (>=6.14.4 <6.15-rc1 starts inside 6.14.y; "
       "a "
       "'Linux version' banner with the upstream version would tell)"},
      {"6.14.0-15-generic", "6.14.6", "2.3.1-1ubuntu2", Affected::kYes, nullptr},
      {"6.8.0-60-generic", nullptr, "2.2.2-0ubuntu9.2", Affected::kNo, nullptr},
      // RHEL backports from later series: the base says nothing.
      {"5.14.0-570.12.1.el9_6.x86_64", nullptr, "2.1.16-1", Affected::kUnknown,
       "ZFS 2.1.16-1 lacks the fix (2.3.3, 2.2.8), but kernel 5.14.0-570.12.1.el9_6.x86_64 is a "
       "RHEL build: its 5.14 base does not say which later changes were backported (check the "
       "kernel package's changelog)"},
      {"6.12.25", nullptr, nullptr, Affected::kUnknown,
       "kernel 6.12.25 has the loop change (6.12.25+, the 6.14.y backport, 6.15+), but the ZFS "
       "version is not in the log (no 'ZFS: Loaded module' line)"},
  };
  for (const VersionCase& c : cases) {
    AffectedVerdict v = Verdict(kLoop, c);
    EXPECT_EQ(v.affected, c.expected)
        << c.kernel << " / " << (c.zfs ? c.zfs : "-") << ": " << v.reason;
    if (c.reason) {
      EXPECT_EQ(v.reason, c.reason);
    }
  }
}

TEST(DiagnoserTest, ZapSignatureVersionVerdicts) {
  const char* outside =
      " is outside the ZAP-shrink window (only master builds 2.2.99-458..507 have the bug; "
      "2.3.0-rc1 and later have the fix 34906f8bbe)";
  const std::vector<VersionCase> cases = {
      // git describe: 5044c4e3ff = zfs-2.2.99-458, 34906f8bbe = zfs-2.2.99-508.
      {"6.8.8", nullptr, "2.2.99-458_g5044c4e3ff", Affected::kYes, nullptr},
      {"6.8.8", nullptr, "2.2.99-471_g5044c4e3f", Affected::kYes,
       "ZFS 2.2.99-471_g5044c4e3f is a master build inside the ZAP-shrink window "
       "(5044c4e3ff..34906f8bbe, 2.2.99-458..507)"},
      {"6.8.8", nullptr, "2.2.99-507_g708be0f415", Affected::kYes, nullptr},
      {"6.8.8", nullptr, "2.2.99-457_g0123456789", Affected::kNo, nullptr},
      {"6.8.8", nullptr, "2.2.99-508_g34906f8bbe", Affected::kNo, nullptr},
      // A master build packaged without its commit count: cannot be placed.
      {"6.8.8", nullptr, "2.2.99-1", Affected::kUnknown,
       "ZFS 2.2.99-1 is a development build without its commit count (git describe form "
       "2.2.99-N_g<hash>), so it cannot be placed against >=2.2.99-458_g5044c4e3ff "
       "<2.2.99-508_g34906f8bbe"},
      {"6.8.8", nullptr, "2.2.99", Affected::kUnknown, nullptr},
      {"6.8.12-4-pve", nullptr, "2.2.6-pve1", Affected::kNo, nullptr},
      {"6.8.0-60-generic", nullptr, "2.2.2-0ubuntu9.2", Affected::kNo, nullptr},
      {"5.14.0-570.12.1.el9_6.x86_64", nullptr, "2.1.16-1", Affected::kNo, nullptr},
      {"6.12.25", nullptr, "2.3.0-rc1", Affected::kNo, nullptr},
      {"6.12.25", nullptr, "2.3.1-1", Affected::kNo, nullptr},
      {"6.8.8", nullptr, nullptr, Affected::kUnknown,
       "the ZFS version is not in the log (no 'ZFS: Loaded module' line)"},
  };
  for (const VersionCase& c : cases) {
    AffectedVerdict v = Verdict(kZap, c);
    EXPECT_EQ(v.affected, c.expected) << (c.zfs ? c.zfs : "-") << ": " << v.reason;
    if (c.reason) {
      EXPECT_EQ(v.reason, c.reason);
    }
    if (c.expected == Affected::kNo) {
      EXPECT_EQ(v.reason, "ZFS " + std::string(c.zfs) + outside);
    }
  }
}

// [system] kernel ranges: a Proxmox 6.8 kernel rules the loop signature out;
// an Ubuntu 6.14.0 kernel without its banner cannot (stable level unknown).
TEST(DiagnoserTest, LoopHangOnDistroKernels) {
  AnalyzedSample s =
      Sample("logs/signatures/openzfs-loop-txg-sync-hang/assembled-17277-6.12.25-zfs-2.3.1.log");
  s.systems[0].kernel_release = "6.8.12-4-pve";
  s.systems[0].kernel = ParseVersion("6.8.12-4-pve");
  s.systems[0].kernel_upstream.reset();
  s.systems[0].zfs_release = "2.2.6-pve1";
  s.systems[0].zfs = ParseVersion("2.2.6-pve1");
  DiagnoseResult pve = DiagnoseSample(s, /*explain=*/true);
  EXPECT_EQ(FindDiagnosis(pve, kLoop), nullptr);
  const NearMiss* n = FindNearMiss(pve, kLoop);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->reasons,
            std::vector<std::string>{"kernel 6.8.12-4-pve is outside the affected range "
                                     "'>=6.12.25 <6.13-rc1', '>=6.14.4 <6.15-rc1', '>=6.15-rc3'"});

  s.systems[0].kernel_release = "6.14.0-15-generic";
  s.systems[0].kernel = ParseVersion("6.14.0-15-generic");
  DiagnoseResult ubuntu = DiagnoseSample(s);
  const Diagnosis* d = FindDiagnosis(ubuntu, kLoop);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->affected, Affected::kUnknown);
  EXPECT_FALSE(d->collect_next.empty());
  // The sample holds the sysrq-w and sysrq-l dumps: that advice is not repeated.
  EXPECT_NE(std::find(d->collect_next.begin(), d->collect_next.end(), "zfs version and uname -r"),
            d->collect_next.end());
  for (const std::string& c : d->collect_next) EXPECT_EQ(c.find("echo w"), std::string::npos);
}

}  // namespace
}  // namespace crashsift::diagnosis
