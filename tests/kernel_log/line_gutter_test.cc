// line_gutter: a line-number gutter before every line of a paste.
#include "analyzer/kernel_log/line_gutter.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace crashsift::kernel_log {
namespace {

TEST(LineGutterTest, EditorNumbersBeforeEveryLine) {
  // corpus/wild/logs/gh-alibaba-diagnose-tools-107.log
  std::vector<std::string_view> lines = {
      "11745 [46223316.649832] Kernel panic - not syncing: Hard LOCKUP",
      "  11746 [46223316.652645] CPU: 0 PID: 282859 Comm: dockerd-current Kdump: loaded",
      "  11747 [46223316.658281] Hardware name: Sugon I620-G20/60G16-US, BIOS 006 09/15/2018",
      "  11748 [46223316.663779] Call Trace:"};
  EXPECT_TRUE(HasLineNumberGutter(lines));
  EXPECT_EQ(StripLineNumberGutter(lines[1]),
            "[46223316.652645] CPU: 0 PID: 282859 Comm: dockerd-current Kdump: loaded");
  // cat -n
  std::vector<std::string_view> cat_n = {"     1\t[    0.000000] Linux version 6.1.0", "     2\t",
                                         "     3\tCall Trace:"};
  EXPECT_TRUE(HasLineNumberGutter(cat_n));
  EXPECT_EQ(StripLineNumberGutter(cat_n[2]), "Call Trace:");
}

TEST(LineGutterTest, StackWordRowsAreNoGutter) {
  std::vector<std::string_view> rows = {"0000000000000001 ffff881c6be6fd18 ffffffff8173bc0e",
                                        "ffff883f9061c000 ffff881c6be6fd38 ffffffffa016629f",
                                        "0000000000000001 ffff881c6be6fd78 ffffffffa016630e",
                                        "0000000000000002 ffff881c6be6fd78 ffffffffa016630e"};
  EXPECT_FALSE(HasLineNumberGutter(rows));
  std::vector<std::string_view> dump = {"1 2 3", "7 8 9", "3 4 5"};
  EXPECT_FALSE(HasLineNumberGutter(dump));
}

}  // namespace
}  // namespace crashsift::kernel_log
