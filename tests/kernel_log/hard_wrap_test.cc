// FindHardWraps: which physical lines of a paste continue the record before
// them because a web form or mail client hard-wrapped it (issue 8).
#include "analyzer/kernel_log/hard_wrap.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace crashsift::kernel_log {
namespace {

std::vector<bool> Wraps(const std::vector<std::string>& lines) {
  std::vector<WrapProbe> probes;
  for (const std::string& line : lines) {
    bool prefixed = line.starts_with("[");
    probes.push_back(WrapProbe{line.size(), line, prefixed});
  }
  return FindHardWraps(probes);
}

// The lines of corpus/wild/logs/gh-burzumishi-linux-baytrail-flexx10-12.log (wrapped at ~75).
const std::vector<std::string> kWrapped = {
    "[ 1221.658269] RenderThread: page allocation failure: order:0,",
    "mode:0x14210d2(GFP_HIGHUSER|__GFP_NORETRY|__GFP_RECLAIMABLE),",
    "nodemask=(null)",
    "[ 1221.658293] CPU: 3 PID: 12353 Comm: RenderThread Tainted: G",
    "WC O    4.12.0-rc3-android-x86+ #1",
    "[ 1221.658299] Hardware name: Insyde ONDA Tablet/ONDA Tablet, BIOS",
    "ONDA.D890HBBNR0A 03/11/2015",
    "[ 1221.658303] Call Trace:",
    "[ 1221.658897]  ? i915_gem_execbuffer_reserve_vma.isra.6+0xdb/0x1dd [i915]",
};

TEST(HardWrap, JoinsTheRestOfEachWrappedRecord) {
  EXPECT_EQ(Wraps(kWrapped),
            (std::vector<bool>{false, true, true, false, true, false, true, false, false}));
}

TEST(HardWrap, OneWordWrapIsNotEnough) {
  // Prose after the last line of an unwrapped paste looks like one wrap.
  std::vector<std::string> lines = {
      "[  100.000000] Kernel panic - not syncing: Fatal exception in interrupt here",
      "Afterwards the machine rebooted.",
  };
  EXPECT_EQ(Wraps(lines), (std::vector<bool>{false, false}));
}

TEST(HardWrap, LongLinesMeanNoHardWrap) {
  std::vector<std::string> lines = kWrapped;
  lines.push_back("[ 1221.658900] Modules linked in: " + std::string(120, 'x'));
  EXPECT_EQ(Wraps(lines), std::vector<bool>(lines.size(), false));
}

TEST(HardWrap, FencesAndIndentedLinesNeverContinue) {
  std::vector<std::string> lines = kWrapped;
  lines[4] = "```";
  lines[6] = "  ONDA.D890HBBNR0A 03/11/2015";
  std::vector<bool> wraps = Wraps(lines);
  EXPECT_FALSE(wraps[4]);
  EXPECT_FALSE(wraps[6]);
  EXPECT_TRUE(wraps[1]);
  EXPECT_TRUE(wraps[2]);
}

}  // namespace
}  // namespace crashsift::kernel_log
