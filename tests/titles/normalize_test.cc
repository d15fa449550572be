#include "analyzer/titles/normalize.h"

#include <gtest/gtest.h>

#include "analyzer/titles/demangle.h"

namespace crashsift::titles {
namespace {

TEST(Normalize, DynamicParts) {
  EXPECT_EQ(NormalizeTitle("INFO: task syz-executor.3:1234 blocked"),
            "INFO: task syz-executor blocked");
  EXPECT_EQ(NormalizeTitle("KASAN: slab-out-of-bounds in f at addr ffff88003a6f1c20"),
            "KASAN: slab-out-of-bounds in f at addr ADDR");
  EXPECT_EQ(NormalizeTitle("ping 10.0.2.15 failed"), "ping IP failed");
  EXPECT_EQ(NormalizeTitle("kernel BUG at fs/ext4/inode.c:2648!"),
            "kernel BUG at fs/ext4/inode.c:LINE!");
  EXPECT_EQ(NormalizeTitle("WARNING in ip6_fragment+0x1052/0x2d80"), "WARNING in ip6_fragment");
  EXPECT_EQ(NormalizeTitle("BUG: soft lockup - CPU#3 stuck for 22s!"),
            "BUG: soft lockup - CPU stuck for 22s!");
  EXPECT_EQ(NormalizeTitle("list 0,1,2 bad"), "list NUM,NUM,NUM bad");
  // Digits inside identifiers stay, long digit runs do not.
  EXPECT_EQ(NormalizeTitle("WARNING in cfg80211_connect"), "WARNING in cfg80211_connect");
  EXPECT_EQ(NormalizeTitle("x zzz12345678"), "x zzzNUM");
}

TEST(Normalize, SanitizeCutsAndCleans) {
  EXPECT_EQ(SanitizeTitle("  a\tb  \x01 c\xff "), "a b c");
  std::string long_title(300, 'x');
  EXPECT_EQ(SanitizeTitle(long_title).size(), kMaxTitleBytes);
}

TEST(Normalize, KindAndFrame) {
  EXPECT_EQ(TitleKind("BUG: using __this_cpu_read() in preemptible code in foo"),
            "BUG: using __this_cpu_read() in preemptible code");
  EXPECT_EQ(TitleKind("BUG: Bad rss-counter state"), "BUG: Bad rss-counter state");
  EXPECT_EQ(GuiltyFrameOfTitle("WARNING in foo/usb_submit_urb"), "foo");
  EXPECT_EQ(GuiltyFrameOfTitle("KCSAN: data-race in a / b"), "a");
  EXPECT_EQ(
      GuiltyFrameOfTitle("x in <ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap"),
      "<ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap");
  EXPECT_EQ(GuiltyFrameOfTitle("kernel panic: Fatal exception"), "");
}

TEST(Demangle, RustV0AndItanium) {
  EXPECT_EQ(
      DemangleNoParams("_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref"),
      "<rust_binder::process::Process>::update_ref");
  EXPECT_EQ(DemangleNoParams("_RNvXs1_CscPPBqWtAqum_11ashmem_rustNtB5_6AshmemNtNtCs43vyB533jt3_"
                             "6kernel10miscdevice10MiscDevice4mmap"),
            "<ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap");
  EXPECT_EQ(DemangleNoParams("_RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind"),
            "__rustc::rust_begin_unwind");
  EXPECT_EQ(DemangleNoParams("_Z8fakeNameiii"), "fakeName");
  EXPECT_EQ(DemangleNoParams("_ZN4core9panicking5panic17h0123456789abcdefE"),
            "core::panicking::panic");
  EXPECT_EQ(DemangleNoParams("tcp_sendmsg"), "tcp_sendmsg");
  // Broken encodings come back unchanged, never crash.
  EXPECT_EQ(DemangleNoParams("_RNvB999_3foo"), "_RNvB999_3foo");
  EXPECT_EQ(DemangleNoParams("_Z99x"), "_Z99x");
}

}  // namespace
}  // namespace crashsift::titles
