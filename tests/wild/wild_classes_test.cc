// The classes of real input that a wild paste takes (issue 8), each on real
// samples of corpus/wild (sources in corpus/wild/index.tsv), read as
// `crashsift analyze` reads them. Only `dev` samples are named here: the
// `test` split is scored by corpus/wild/score.py, never tuned on. The expected
// values were read off the sample lines.
#include <gtest/gtest.h>

#include <cstdio>
#include <ostream>
#include <set>
#include <string>

#include "analyzer/events/event.h"
#include "analyzer/matching/signature_library.h"
#include "analyzer/pipeline/analyze.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

struct WildCase {
  const char* klass;   // "8.1 release on the hung-task Tainted line"
  const char* sample;  // under corpus/wild/logs/
  // "release", "zfs", "arch", "kinds", "hung_task", "top", "confidence" (of the top diagnosis,
  // two decimals), "header_cut" (the top diagnosis was matched on a stack fragment), "event0",
  // "cut0", "tail0" (what a stack fragment's tail says)
  const char* field;
  const char* value;
};

void PrintTo(const WildCase& c, std::ostream* os) { *os << c.sample << " " << c.field; }

std::string KindsOf(const pipeline::AnalysisReport& r) {
  std::set<std::string> kinds;
  for (const events::Event& e : r.events) kinds.insert(std::string(events::ToString(e.kind)));
  std::string out;
  for (const std::string& k : kinds) out += (out.empty() ? "" : ",") + k;
  return out;
}

std::string FieldOf(const pipeline::AnalysisReport& r, const std::string& field) {
  if (field == "release") return r.system.kernel_release;
  if (field == "zfs") return r.system.zfs_release;
  if (field == "arch") return r.system.arch;
  if (field == "kinds") return KindsOf(r);
  if (field == "top") return r.diagnoses.empty() ? "none" : r.diagnoses[0].signature;
  if (field == "hung_task") {
    for (const events::Event& e : r.events) {
      if (e.kind == events::EventKind::kHungTask || e.kind == events::EventKind::kBlockedTask) {
        return e.task.comm;
      }
    }
    return "";
  }
  if (field == "confidence") {
    if (r.diagnoses.empty()) return "none";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", r.diagnoses[0].confidence);
    return buf;
  }
  if (field == "header_cut") {
    return r.diagnoses.empty() ? "none" : r.diagnoses[0].from_fragment ? "true" : "false";
  }
  if (field == "tail0") {
    if (r.events.empty()) return "";
    auto tail = r.events[0].details.find("tail");
    return tail == r.events[0].details.end() ? "" : tail->second;
  }
  if (field == "event0") return r.events.empty() ? "" : std::string(ToString(r.events[0].kind));
  if (field == "cut0") {
    if (r.events.empty()) return "";
    auto cut = r.events[0].details.find("cut");
    return cut == r.events[0].details.end() ? "" : cut->second;
  }
  ADD_FAILURE() << "unknown field " << field;
  return "";
}

class WildClassTest : public ::testing::TestWithParam<WildCase> {};

TEST_P(WildClassTest, ReadsAsAnExpertWould) {
  const WildCase& c = GetParam();
  auto path = testing::CorpusPath(std::string("wild/logs/") + c.sample);
  static const auto library = matching::SignatureLibrary::Load(testing::SignaturesPath());
  ASSERT_TRUE(library.has_value()) << library.error().OneLine();
  pipeline::AnalyzeOptions options;
  options.signatures = &*library;
  auto report = pipeline::AnalyzeInput(path.string(), options);
  ASSERT_TRUE(report.has_value()) << report.error().OneLine();
  EXPECT_EQ(FieldOf(*report, c.field), c.value) << c.klass;
}

const WildCase kCases[] = {
    // 8.1: the release printed only on a report's own lines.
    {"8.1 hung-task Tainted line", "gh-openzfs-zfs-4774.log", "release", "4.5.0-0.bpo.2-amd64"},
    {"8.1 hung-task Tainted line", "gh-openzfs-zfs-4345.log", "release", "4.4.0-31-generic"},
    {"8.1 hung-task Tainted line, vendor git build", "gh-koverstreet-bcachefs-104.log", "release",
     "5.3.0-89602-ga704e27ab029"},
    {"8.1 hung-task Not tainted line", "gh-googlecloudplatform-compute-image-packages-905.log",
     "release", "5.10.0-8-cloud-amd64"},
    {"8.1 hung-task Not tainted line, RHEL 6", "gh-elastic-logstash-3727.log", "release",
     "2.6.32-504.3.3.el6.x86_64"},
    {"8.1 lockdep banner, Fedora rawhide aarch64", "gh-coreos-fedora-coreos-tracker-1049.log",
     "release", "5.17.0-0.rc0.20220112gitdaadb3bd0e8d.63.fc36.aarch64"},
    {"8.1 lockdep banner, vendor git build", "gh-openbmc-linux-158.log", "release",
     "4.17.2-00135-gf0be3e98c928"},
    {"8.1 lockdep banner in rsyslog RFC 3339", "gh-ceph-teuthology-829.log", "release",
     "4.5.0-ceph-10672-g5ef5edb"},
    // 8.2/8.3: pastes that start inside a stack: a stack_fragment, then what follows.
    {"8.3 frames only, no header", "gh-openzfs-zfs-8234.log", "event0", "stack_fragment"},
    {"8.3 frames only, no header (x86, caller ids)", "gh-aircrack-ng-rtl8812au-1206.log", "cut0",
     "start"},
    {"8.2 a bare task:X state:D block is a blocked task, cut", "gh-raspberrypi-linux-4943.log",
     "event0", "blocked_task"},
    {"8.2 a bare task:X state:D block is a blocked task, cut", "gh-raspberrypi-linux-4943.log",
     "cut0", "start"},
    {"8.2 a bare task:X state:D block names the task", "gh-raspberrypi-linux-4943.log", "hung_task",
     "kworker/u2:1"},
    {"8.2 cut inside the previous report, hung task follows", "gh-openzfs-zfs-4774.log", "kinds",
     "hung_task,stack_fragment"},
    {"8.3 decode_stacktrace.sh frames ('vfs_get_tree (fs/super.c:1712)'), no header",
     "gh-multipath-tcp-mptcp-net-next-433.log", "event0", "stack_fragment"},
    // 8.4: line prefixes — editor line numbers before the stamp.
    {"8.4 editor line numbers", "gh-alibaba-diagnose-tools-107.log", "event0", "panic"},
    {"8.4 editor line numbers", "gh-alibaba-diagnose-tools-107.log", "release",
     "3.10.0-862.mt20190308.130.el7.x86_64"},
    {"8.4 prose before a quoted version line ('earlier: ZFS: Loaded module v0.6.0.47, ...')",
     "gh-openzfs-zfs-542.log", "zfs", "0.6.0.47"},
    // 8.5: syslog/journal headers the strict forms refuse.
    {"8.5 syslog with collapsed blanks ('Mar 1')", "gh-openzfs-zfs-9172.log", "hung_task", "nfsd"},
    {"8.5 syslog with collapsed blanks ('Mar 1')", "gh-openzfs-zfs-9172.log", "release",
     "4.19.101-1c.el7.x86_64"},
    {"7 an OOM task table, then the no-killable panic on its own",
     "vendor-alibabacloud-ecs-oom-no-killable.log", "kinds", "notice,panic"},
    {"7 an OOM task table, then the no-killable panic on its own",
     "vendor-alibabacloud-ecs-oom-no-killable.log", "release", "3.10.0-1062.9.1.el7.x86_64"},
    {"8.5 syslogd wall broadcast: 'host kernel: [ts] ...' with no date",
     "gh-syncthing-syncthing-2695.log", "kinds", "stack_fragment"},
    {"8.6 ARM stack-memory rows under wall broadcasts", "gh-syncthing-syncthing-2695.log", "arch",
     "arm"},
    {"8.6 MIPS32 'Stack : ' words (printk levels kept)", "gh-nossiac-mtk-openwrt-feeds-67.log",
     "arch", "mips"},
    {"8.6 MIPS32 'Stack : ' words (OpenWrt logread)", "gh-kuoruan-openwrt-v2ray-126.log", "arch",
     "mips"},
    {"8.6 LoongArch's 64-bit 'Stack : ' words are no MIPS32 hint",
     "gh-loongson-community-discussions-18.log", "arch", ""},
    {"7 the partition list printed before the root-mount panic, panic cut", "se-unix-287159.log",
     "top", "kernel-vfs-unable-to-mount-root"},
    {"7 the partition list printed before the root-mount panic, panic cut", "se-unix-287159.log",
     "confidence", "0.45"},
    {"8.11 2.6.32's 'page allocation failure. order:2'", "rh-solution-74573.log", "top",
     "kernel-page-allocation-failure"},
    {"8.11 XFS 'Internal error xfs_bmbt_read_verify at line N of file'",
     "ml-xfs-2014-01-msg00360.log", "top", "kernel-xfs-corruption-shutdown"},
    {"8.4 a '> '-quoted reply hard-wrapped at 109 columns: release on the wrapped Tainted line",
     "gh-raspberrypi-linux-2909.log", "release", "4.14.79-v7+"},
    {"8.5 RFC 5424 records ('<1>1 ISO host kernel - - - kernel: [ts] ...')",
     "gh-jimmychungbelkin-mamba-6.log", "kinds", "oops"},
    {"8.11 ARM 3.2's 'CPU: 1    Tainted: P  O  (3.2.36 #1)'", "gh-jimmychungbelkin-mamba-6.log",
     "release", "3.2.36"},
    {"8.6 ARM32's show_pte '*ppte=' names arm", "gh-jimmychungbelkin-mamba-6.log", "arch", "arm"},
    {"8.4 dmesg -H with a German locale ('[30. Jul 08:55]', '[  +0,000004]')",
     "gh-koverstreet-bcachefs-1194.log", "kinds", "oops"},
    {"8.4 dmesg -H with a German locale ('[30. Jul 08:55]', '[  +0,000004]')",
     "gh-koverstreet-bcachefs-1194.log", "release", "7.0.12"},
    {"8.4 a BMC capture's '05/09/2024 11:14:52  ' before each console line",
     "gh-siderolabs-talos-9269.log", "kinds", "stack_fragment"},
    {"8.4 a BMC capture's '05/09/2024 11:14:52  ' before each console line",
     "gh-siderolabs-talos-9269.log", "arch", "x86_64"},
    {"8.6 MIPS 'CPU 1 Unable to handle kernel paging request' header and '$ 0   :' rows",
     "gh-openwrt-mt76-223.log", "top", "kernel-null-pointer-dereference"},
    {"8.6 MIPS 'CPU 0 Unable to handle kernel paging request' header (2.6.15)",
     "blog-dren-multipath-on-airos.log", "top", "kernel-null-pointer-dereference"},
    {"8.11 sb_edac before 3.x: 'CPU 6: Machine Check Exception: 0 Bank 9: ...', 'EDAC MC1: CE row "
     "1'",
     "wiki-cldn-memoryeccerror.log", "kinds", "machine_check"},
    {"8.11 sb_edac before 3.x: 'CPU 6: Machine Check Exception: 0 Bank 9: ...', 'EDAC MC1: CE row "
     "1'",
     "wiki-cldn-memoryeccerror.log", "top", "hardware-mce"},
    {"13 6.7+'s one-line 'ethX: NETDEV WATCHDOG: CPU: 3: transmit queue 0 timed out'",
     "gh-csrutil-openwrt-nic-drivers-11.log", "top", "kernel-netdev-watchdog-tx-timeout"},
    {"8.6 the stack after a device error's report names the machine", "ml-xfs-2014-01-msg00360.log",
     "arch", "x86_64"},
    {"8.5 a syslog-stamped console with no 'kernel:' ident (TrueNAS SCALE)",
     "gh-openzfs-zfs-12368.log", "top", "openzfs-assertion-generic"},
    {"8.4 markdown inline code opening the first console line ('`INFO: task ...')",
     "gh-hhoffstaette-kernel-patches-3.log", "hung_task", "kworker/u66:0"},
    {"13 3.2's 'NETDEV WATCHDOG: eth0 (r8169): ...' with the WARNING line cut",
     "blog-syscall-debian-7-9-network-driver-regression.log", "top",
     "kernel-netdev-watchdog-tx-timeout"},
    {"13 libata 'failed command:' rows with the exception line cut",
     "gh-1000001101000-debian-on-buffalo-203.log", "top", "hardware-ata-error"},
    {"13 sd_done's 'FAILED Result:' without the block layer's line",
     "gh-archiecobbs-s3backer-122.log", "top", "hardware-disk-io-error"},
    {"8.7 only the 'VERIFY(...) failed' line survives the excerpt", "gh-openzfs-zfs-16607.log",
     "top", "openzfs-assertion-generic"},
    {"8.7 zfs_panic_recover's 'PANIC: zfs: adding existent segment to range tree'",
     "gh-openzfs-zfs-17313.log", "top", "openzfs-space-map-corruption"},
    {"8.2 an x86 page-fault oops whose BUG line was cut ('#PF: error_code(0x0010)', CR2 high)",
     "gh-pgj-freebsd-wifibox-161.log", "top", "kernel-bad-pointer-paging-request"},
    {"8.2 an x86 page-fault oops cut to 'PGD 0 P4D 0' and 'Oops: Oops: 0010 [#1]'",
     "gh-openzfs-zfs-16324.log", "top", "kernel-bad-pointer-paging-request"},
    {"8.4 a hypervisor's console tag before every stamp ('[guest0/uart0] [    1.88] ...')",
     "gh-xvisor-xvisor-199.log", "release", "6.17.0-rc2-00060-g068a56e56fa8"},
    {"8.6 'Hardware name: ... (DT)' vetoes the x86 guess from 0xffffffff8... frame addresses",
     "gh-xvisor-xvisor-199.log", "arch", ""},
    {"8.2 a first record clipped mid-stamp with a caller id ('1717.272016][T500572] CPU: ...')",
     "gh-bmax121-kernelpatch-268.log", "release", "5.15.180-android13-8-o-01174-gf677fcaf3732"},
    {"8.7 only the OOM killer's 4.x 'Killed process N (comm), UID .., total-vm:' lines, quoted",
     "gh-kubernetes-kubernetes-50632.log", "top", "kernel-oom-kill"},
    {"8.4 a console quote indented six blanks, one hard-wrapped line unindented",
     "paper-huggingface-notabug-code-bad-page-state-2.log", "top", "kernel-bad-page-state"},
    {"8.6 ARM32's device-tree machine name ('Qualcomm (Flattened Device Tree)')",
     "paper-huggingface-notabug-code-bad-page-state-2.log", "arch", "arm"},
    {"8.4 a web page's ordered-list gutter ('  1. ', '  10. ') before a 2.4 oops",
     "wiki-kernelnewbies-br-book-77.log", "event0", "oops"},
    {"8.4 a report quoted in a commit message, every line indented one blank",
     "ml-linaro-patchwork-630559.log", "top", "kernel-bug-at"},
    {"8.4 editor line numbers before dmesg lines: read as dmesg",
     "gh-alibaba-diagnose-tools-107.log", "release", "3.10.0-862.mt20190308.130.el7.x86_64"},
    {"8.4 editor line numbers before syslog lines", "gh-kubernetes-kubernetes-116382.log", "kinds",
     "oops"},
    {"8.5 OpenWrt logread header", "gh-coolsnowwolf-lede-7860.log", "event0", "warning"},
    {"8.5 bare 'kernel:' before the stamp", "gh-thesofproject-linux-1326.log", "event0", "warning"},
    {"8.5 syslog host without ident", "gh-tempesta-tech-tempesta-2262.log", "event0", "oops"},
    {"8.5 dmesg -xT with a Spanish date in the bracket", "gh-pop-os-cosmic-app-library-234.log",
     "event0", "segfault"},
    // 8.11: 2.6 SCSI errors that name no disk ("sd 3:0:1:42: SCSI error: return code").
    {"8.11 2.6 SCSI error without a disk name", "blog-csdn-83108747-2.log", "event0", "io_error"},
    // 8.6/8.11: die() headers of other architectures ("...[#N]").
    {"8.6 s390 'Unknown program exception: 0028 [#1]'", "rh-solution-4770781.log", "event0",
     "oops"},
    // The paste opens on the Code/end-trace lines of oops #12: a fragment, then the oops.
    {"8.6 mips 'Unhandled kernel unaligned access[#13]:'", "gh-openwrt-openwrt-517.log", "kinds",
     "oops,stack_fragment"},
    {"8.3 a paste holding only a report's trailer ('Modules linked in:', hard-wrapped)",
     "gh-linux-surface-linux-surface-219.log", "event0", "stack_fragment"},
    {"8.3 a paste holding only 'Code:' and '---[ end trace' with printk levels",
     "gh-linux-test-project-ltp-1191.log", "event0", "stack_fragment"},
    {"8.5 syslog records with neither host nor ident ('May  4 14:08:51  Call Trace:')",
     "gh-koverstreet-bcachefs-103.log", "event0", "stack_fragment"},
    {"8.6 s390 lowercase program check 'illegal operation: 0001 ilc:1 [#1]'",
     "gh-openzfs-zfs-12942.log", "event0", "oops"},
    // The out-of-tree module signature still reads the PSW's [zzstd] (a positive in its [tests]);
    // the program check's own signature explains the event first.
    {"8.6 s390 'illegal operation' program check has its signature", "gh-openzfs-zfs-12942.log",
     "top", "s390-illegal-operation-oops"},
    // 8.6: system.arch from register dumps, unwinder forms and frame addresses.
    {"8.6 arch from s390's 'Krnl PSW'", "rh-solution-4770781.log", "arch", "s390x"},
    {"8.6 riscv64 register rows ('a2 : ...', 'status: ... badaddr:') in a fragment",
     "gh-sophgo-linux-riscv-92.log", "arch", "riscv64"},
    {"8.6 riscv64 frames at ffffffff8... are not x86_64's ('do_trap_ecall_u')",
     "gh-nixos-nixos-hardware-630.log", "arch", "riscv64"},
    {"8.6 arch from arm's 'pc : [<...>]'", "gh-derf-feh-574.log", "arch", "arm"},
    {"8.6 arch from arm's '(func) from [<...>]' frames", "gh-archlinuxarm-pkgbuilds-1308.log",
     "arch", "arm"},
    {"8.6 arch from x86_64 frame addresses [<ffffffff...>]", "gh-openzfs-zfs-4774.log", "arch",
     "x86_64"},
    // 8.11: page allocation failure with its trace (a warning).
    {"8.11 page allocation failure (arm)", "gh-archlinuxarm-pkgbuilds-1308.log", "event0",
     "warning"},
    {"8.11 page allocation failure", "gh-koverstreet-bcachefs-132.log", "event0", "warning"},
    // 8.11: older and other-arch wordings reach their signatures.
    {"8.11 hard lockup reported through WARN() (3.x)", "gh-aabc-ipt-ratelimit-3.log", "top",
     "kernel-hard-lockup"},
    {"8.11 ARM 'Unable to handle kernel NULL pointer dereference at virtual address'",
     "gh-derf-feh-574.log", "top", "kernel-null-pointer-dereference"},
    {"8.11 'Attempting to kill init!' (before 3.x)", "gh-openelec-openelec.tv-2325.log", "top",
     "kernel-panic-kill-init"},
    {"8.11 s390 'Unable to handle kernel pointer dereference in virtual kernel address space'",
     "gh-clangbuiltlinux-continuous-integration2-334.log", "top",
     "kernel-bad-pointer-paging-request"},
    {"8.11 XFS before 2.6.35: 'xfs_force_shutdown(sda2,0x2) called from line', hard-wrapped quote",
     "ml-xfs-2009-october-004285.log", "top", "kernel-xfs-corruption-shutdown"},
    // 8.7: an SPL assertion alone (no [zfs] frame, no banner) is OpenZFS.
    {"8.7 VERIFY3/PANIC at lines only, syslog", "gh-archzfs-archzfs-116.log", "top",
     "openzfs-assertion-generic"},
    // Found beyond issue 8's list, in the dev split.
    {"ARM stack memory rows ('de00: b860de74 ...') with no header", "gh-raspberrypi-linux-2474.log",
     "event0", "stack_fragment"},
    {"arm64 memory around registers ('bb40  086ced44 ...')",
     "gh-allwinner-homlet-h6-bsp4.9-linux-2.log", "event0", "stack_fragment"},
    {"syslog clock and host before a raw /dev/kmsg record", "gh-koverstreet-bcachefs-529.log",
     "event0", "stack_fragment"},
    {"printk level in a mail quote, XFS before 2.6.35", "ml-xfs-2009-october-004285.log", "kinds",
     "fs_error,io_error"},
    {"md RAID 'Disk failure on dm-25, disabling device.'", "gh-lvmteam-lvm2-120.log", "kinds",
     "io_error"},
    {"XenServer level name after the stamp; softlockup_panic after a cut report",
     "blog-seibert-media-20180104.log", "kinds", "panic,soft_lockup"},
    {"mce_panic's 'Fatal machine check' is a panic of its own", "gh-ublue-os-bazzite-5546.log",
     "kinds", "machine_check,panic"},
    {"caller id after a blank, in a fenced dmesg paste", "gh-aircrack-ng-rtl8812au-1206.log",
     "event0", "stack_fragment"},
    {"caller id after a blank: x86 return thunks name the arch",
     "gh-aircrack-ng-rtl8812au-1206.log", "arch", "x86_64"},
    {"registers after an end-trace line still name the arch", "gh-nvidia-nvtrust-51.log", "arch",
     "x86_64"},
    {"x86_64 registers in a stack fragment", "gh-koverstreet-bcachefs-529.log", "arch", "x86_64"},
    // 8.7: pastes a web form or mail client hard-wrapped: a record continues on unprefixed lines.
    {"8.7 hard-wrapped paste: the Tainted line's release on the next line",
     "gh-burzumishi-linux-baytrail-flexx10-12.log", "release", "4.12.0-rc3-android-x86+"},
    {"8.7 hard-wrapped paste: 'unable to handle kernel' / 'paging request at'",
     "gh-m-bab-linux-kernel-amdgpu-binaries-9.log", "top", "kernel-bad-pointer-paging-request"},
    // 8.5: report lines a paste kept without their prefix.
    {"8.5 the report's first line pasted without its syslog header ('java: page allocation "
     "failure')",
     "gh-coreos-bugs-1106.log", "event0", "warning"},
    {"8.5 a console paste indented as a markdown code block", "gh-tempesta-tech-tempesta-10.log",
     "kinds", "other"},
    {"8.5 a console paste quoted as a whole ('> ' on every line)",
     "gh-androportal-linux-on-aakash-3.log", "kinds", "stack_fragment"},
    {"8.6 arch from arm's 'SP: 0xd983be78:' memory dump header, in a quoted paste",
     "gh-androportal-linux-on-aakash-3.log", "arch", "arm"},
    // 8.6: more arch hints: headers, frame addresses and marks, modules, user faults.
    {"8.6 arch from arm's 'Internal error: Oops: 5 [#1] SMP ARM'",
     "gh-armbian-linux-rockchip-402.log", "arch", "arm"},
    {"8.6 arch from powerpc's 'NUMA PowerNV' and 'Faulting instruction address: 0xc000...'",
     "gh-open-power-op-build-791.log", "arch", "ppc64le"},
    {"8.6 arch from powerpc's 'Oops: Machine check, sig: 7 [#1]'", "gh-linuxppc-issues-137.log",
     "arch", "ppc64le"},
    {"8.6 arch from x86's 'SMP PTI' banner", "gh-jovanbulck-sgx-step-6.log", "arch", "x86_64"},
    {"8.6 arch from x86's '#PF:' lines", "gh-rocm-amdgpu-72.log", "arch", "x86_64"},
    {"8.6 arch from x86's 'mce: [Hardware Error]'", "gh-tmbeck-tmbeck-github-io-mce.log", "arch",
     "x86_64"},
    {"8.6 arch from arm64 frame addresses [<ffffff80...>]", "gh-ayufan-rock64-linux-build-299.log",
     "arch", "aarch64"},
    {"8.6 arch from i386 frame addresses [<c15a9d18>] func+", "gh-irati-stack-181.log", "arch",
     "i686"},
    {"8.6 arch from ARM stack memory rows ('de00: b860de74 ...')", "gh-raspberrypi-linux-2474.log",
     "arch", "arm"},
    {"8.6 arch from x86's '? func' frames", "gh-koverstreet-bcachefs-104.log", "arch", "x86_64"},
    {"8.6 arch from arm64's 'X19: 0x...:' memory dump header",
     "gh-allwinner-homlet-h6-bsp4.9-linux-2.log", "arch", "aarch64"},
    {"8.6 arch from x86-only modules (crc32c_intel, i2c_piix4)", "gh-multipath-tcp-mptcp-363.log",
     "arch", "x86_64"},
    {"8.6 arch from x86's segfault line", "gh-manjaro-pamac-168.log", "arch", "x86_64"},
    {"8.6 arch from x86_64's old 'IP: [<ffffffff...>]'", "gh-minipli-linux-unofficial_grsec-13.log",
     "arch", "x86_64"},
    // User-space faults the kernel logged.
    {"segfault line", "gh-manjaro-pamac-168.log", "event0", "segfault"},
    {"segfault line", "gh-open-ch-log-user-session-15.log", "event0", "segfault"},
    // 8.3: header-less stack tails reach the signatures through [[fragment]] clauses, as a
    // guess below 0.5; the tail tells a WARNING's end from an oops's.
    {"8.3 fragment: end trace right after user regs", "gh-aircrack-ng-rtl8812au-394.log", "tail0",
     "warning"},
    {"8.3 fragment: WARNING-like tail", "gh-aircrack-ng-rtl8812au-394.log", "top",
     "kernel-warn-on"},
    {"8.3 fragment: WARNING-like tail", "gh-aircrack-ng-rtl8812au-394.log", "confidence", "0.30"},
    {"8.3 fragment: the diagnosis says the header was cut", "gh-aircrack-ng-rtl8812au-394.log",
     "header_cut", "true"},
    {"8.3 fragment: end trace right after </TASK>", "gh-intel-gpu-intel-gpu-i915-backports-192.log",
     "top", "kernel-warn-on"},
    {"8.3 fragment: a running kernel stack, no end trace", "gh-aircrack-ng-rtl8812au-1206.log",
     "tail0", "running"},
    // A running stack alone is no WARNING's evidence (kernel-warn-on.toml): no guess is made.
    {"8.3 fragment: a running kernel stack, no end trace", "gh-clearlinux-distribution-502.log",
     "top", "none"},
    {"8.3 fragment: x86 'Stack:' words keep the fragment open to its end trace",
     "gh-coreos-bugs-1690.log", "tail0", "oops"},
    {"8.3 fragment: oops tail with a standalone non-NULL CR2", "gh-coreos-bugs-1690.log", "top",
     "kernel-bad-pointer-paging-request"},
    {"8.3 fragment: oops tail with a standalone non-NULL CR2", "gh-coreos-bugs-1690.log",
     "confidence", "0.40"},
    {"8.3 fragment: oops tail with a standalone non-NULL CR2", "gh-nvidia-nvtrust-51.log", "top",
     "kernel-bad-pointer-paging-request"},
    {"8.3 fragment: sleeping stack in the sync context", "gh-openzfs-zfs-8234.log", "top",
     "openzfs-hung-txg-sync"},
    {"8.3 fragment: sleeping stack in the sync context", "gh-openzfs-zfs-8234.log", "confidence",
     "0.45"},
    {"8.3 fragment opened by stack words under a cut D-state line", "gh-openzfs-zfs-3142.log",
     "tail0", "sleeping"},
    // OpenZFS hung tasks whose header, or whose pool thread's stack, the paste cut.
    {"8.3 fragment: asleep on a mutex in ARC buffer allocation", "gh-openzfs-zfs-3142.log", "top",
     "openzfs-hung-arc-prune"},
    {"8.3 fragment: asleep in txg_wait_synced under dsl_sync_task (an ioctl)",
     "gh-openzfs-zfs-11003.log", "top", "openzfs-hung-zfs-ioctl"},
    {"8.3 fragment: asleep in txg_wait_synced under dsl_sync_task (an ioctl)",
     "gh-openzfs-zfs-11003.log", "event0", "stack_fragment"},
    {"8.3 fragment: umount asleep in txg_wait_synced", "gh-canonical-lxd-4821.log", "top",
     "openzfs-hung-txg-sync"},
    {"8.3 fragment: umount asleep in txg_wait_synced", "gh-canonical-lxd-4821.log", "confidence",
     "0.45"},
    {"8.2 hung task from its 'echo 0' line: the name on the legacy task line",
     "gh-openzfs-zfs-3090.log", "top", "openzfs-hung-zfs-ioctl"},
    {"8.2 zpool ioctl first, txg_sync's report cut after its header", "gh-openzfs-zfs-9702.log",
     "top", "openzfs-hung-zfs-ioctl"},
    {"8.2 bare legacy D-state task line after a sysrq-t prompt", "gh-openzfs-spl-271.log",
     "hung_task", "lsb_release"},
    {"8.2 bare legacy D-state task line after a sysrq-t prompt", "gh-openzfs-spl-271.log", "kinds",
     "blocked_task"},
    // 8.7: only the OOM killer's task table (or Mem-Info and its title): a notice, an OOM guess.
    {"8.7 OOM task-table rows only", "gh-docker-for-linux-759.log", "event0", "notice"},
    {"8.7 OOM task-table rows only", "gh-docker-for-linux-759.log", "top", "kernel-oom-kill"},
    {"8.7 OOM task-table rows only (nr_ptes/nr_pmds layout)", "gh-elastic-elasticsearch-23842.log",
     "top", "kernel-oom-kill"},
    {"8.7 OOM task-table rows only (nr_ptes/nr_pmds layout)", "gh-elastic-elasticsearch-23842.log",
     "confidence", "0.35"},
    {"8.7 Mem-Info and the 'Tasks state' title", "gh-raspberrypi-linux-3872.log", "top",
     "kernel-oom-kill"},
    // 8.7: sysrq-c from 'SysRq : Trigger a crash' when the panic line is cut.
    {"8.7 sysrq-c trigger line joins the oops (doubled console)", "gh-open-power-op-build-791.log",
     "top", "kernel-sysrq-crash"},
    // One-line conditions of a cut report.
    {"libata EH reset steps without the exception line",
     "blog-smithfarm-exception-emask-drdy-2.log", "top", "hardware-ata-error"},
    {"libata EH reset steps without the exception line",
     "blog-smithfarm-exception-emask-drdy-2.log", "confidence", "0.35"},
    {"VFS root-mount sentence without its panic prefix", "ml-yocto-2013-april-012949.log", "top",
     "kernel-vfs-unable-to-mount-root"},
};

INSTANTIATE_TEST_SUITE_P(Wild, WildClassTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<WildCase>& info) {
                           return testing::TestName(info.param.sample) + "_" + info.param.field +
                                  "_" + std::to_string(info.index);
                         });

}  // namespace
}  // namespace crashsift
