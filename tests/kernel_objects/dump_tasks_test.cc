// ReadDumpTasks beyond the task list: the build-id check that refuses a
// vmlinux of another build, and (with a lab dump and its vmlinux, skipped
// without them) the stacks of the panic task and of each CPU's running task
// from the dump's registers, module symbols, and time off CPU.
#include "analyzer/kernel_objects/dump_tasks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/support/test_support.h"
#include "tests/vmcore/vmcore_samples.h"

namespace crashsift::kernel_objects {
namespace {

// The real ids: VMCOREINFO BUILD-ID of the 6.1.0-56 lab dumps in corpus/vmcores
// and the GNU build ids of the vmlinux files of Debian's
// linux-image-6.1.0-56-amd64-dbg (6.1.192-2) and -57-amd64-dbg (6.1.192-3).
constexpr char kDump56[] = "eb4fbcd037e7253717950bf2b93bd5566f47c56f";
constexpr char kVmlinux56[] = "eb4fbcd037e7253717950bf2b93bd5566f47c56f";
constexpr char kVmlinux57[] = "6a2b4ac77585b8cf102cba771300e573c8489b69";

TEST(BuildIdCheck, RefusesAnotherBuildInOneLine) {
  EXPECT_EQ(BuildIdMismatch("vmlinux-6.1.0-56-amd64", kVmlinux56, kDump56), std::nullopt);
  auto refusal = BuildIdMismatch("/dbg/vmlinux-6.1.0-57-amd64", kVmlinux57, kDump56);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->code, ErrorCode::kBadMagic);
  EXPECT_EQ(refusal->OneLine(),
            "/dbg/vmlinux-6.1.0-57-amd64: build id 6a2b4ac77585b8cf102cba771300e573c8489b69 is "
            "not the dump's kernel (VMCOREINFO BUILD-ID eb4fbcd037e7253717950bf2b93bd5566f47c56f)");
  // Hex case does not matter; an id that is unknown (kernels before 5.9
  // export none, a vmlinux may lack the note) is no reason to refuse.
  EXPECT_EQ(BuildIdMismatch("v", "EB4FBCD037E7253717950BF2B93BD5566F47C56F", kDump56),
            std::nullopt);
  EXPECT_EQ(BuildIdMismatch("v", "", kDump56), std::nullopt);
  EXPECT_EQ(BuildIdMismatch("v", kVmlinux57, ""), std::nullopt);
}

std::string Vmlinux56() {
  const char* env = std::getenv("CRASHSIFT_DEBUGINFO");
  std::string path =
      std::string(env != nullptr ? env : "/usr/lib/debug") + "/boot/vmlinux-6.1.0-56-amd64";
  return std::filesystem::exists(path) ? path : "";
}

// A real dump whose VMCOREINFO names another build of the same release than
// the vmlinux given: the corpus's 6.1.0-56 hungpanic kdump with one digit of
// its BUILD-ID changed, against the real 6.1.0-56 vmlinux. Needs
// CRASHSIFT_DEBUGINFO=<extracted linux-image-6.1.0-56-amd64-dbg>/usr/lib/debug.
TEST(BuildIdCheck, RealVmlinuxOfTheSameReleaseButAnotherBuildIsRefused) {
  const std::string vmlinux = Vmlinux56();
  if (vmlinux.empty()) GTEST_SKIP() << "no vmlinux-6.1.0-56-amd64 (set CRASHSIFT_DEBUGINFO)";
  const auto sample = testing::VmcoreSample("hungpanic.kdump-lzo-d31");
  std::string bytes = testing::ReadFile(sample);
  const size_t at = bytes.find(std::string("BUILD-ID=") + kDump56);
  ASSERT_NE(at, std::string::npos);
  const auto patched = testing::TempDir() / "hungpanic-other-build.kdump";
  bytes[at + 9] = 'f';  // eb4f... -> fb4f...
  std::ofstream(patched, std::ios::binary) << bytes;
  auto refused = ReadDumpTasks({patched.string()}, {vmlinux});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kBadMagic);
  EXPECT_NE(refused.error().reason.find("is not the dump's kernel (VMCOREINFO BUILD-ID fb4f"),
            std::string::npos)
      << refused.error().OneLine();
  // The unpatched dump passes the check (its trimmed memory may still lack
  // the task list: any error then is not about the build).
  auto same = ReadDumpTasks({sample.string()}, {vmlinux});
  if (!same) {
    EXPECT_EQ(same.error().reason.find("build id"), std::string::npos);
  }
}

// A lab dump and its vmlinux (see task_list_test.cc): the panic task's stack
// from the registers of its CPU, every CPU's running task unwound, the
// dump's modules read, D tasks with a time off CPU.
TEST(DumpTasks, LabDumpPanicAndRunningTasksHaveStacksFromRegisters) {
  const char* dump = std::getenv("CRASHSIFT_LAB_DUMP");
  const char* vmlinux = std::getenv("CRASHSIFT_LAB_VMLINUX");
  if (dump == nullptr || vmlinux == nullptr || !std::filesystem::exists(dump) ||
      !std::filesystem::exists(vmlinux))
    GTEST_SKIP() << "set CRASHSIFT_LAB_DUMP and CRASHSIFT_LAB_VMLINUX (task_list_test.cc)";
  auto tasks = ReadDumpTasks({dump}, {vmlinux});
  ASSERT_TRUE(tasks) << tasks.error().OneLine();
  EXPECT_FALSE(tasks->build_id.empty());
  EXPECT_GT(tasks->modules, 3u);  // loop, ext4, jbd2, virtio_blk... (the lab's initramfs)
  ASSERT_TRUE(tasks->panic_cpu);
  size_t running = 0;
  for (const auto& t : tasks->list.tasks) {
    if (t.state == 'D') {
      ASSERT_TRUE(t.off_cpu_ns) << t.comm;
      EXPECT_GT(*t.off_cpu_ns, 1000000000u) << t.comm;  // blocked for seconds before sysrq-c
      EXPECT_LT(*t.off_cpu_ns, 600000000000u) << t.comm;
    }
    if (!t.running) continue;
    ++running;
    EXPECT_EQ(t.off_cpu_ns, 0u);
    EXPECT_NE(t.stack_from.find("registers of CPU"), std::string::npos) << t.comm;
    EXPECT_FALSE(t.stack.empty()) << t.comm;
    if (!t.panic) continue;
    // sysrq-c from init: the panic path is on the panic CPU's stack.
    EXPECT_EQ(t.comm, "init");
    std::vector<std::string> names;
    for (const auto& f : t.stack) {
      if (f.reliable) names.push_back(f.function);
    }
    EXPECT_NE(std::find(names.begin(), names.end(), "panic"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "sysrq_handle_crash"), names.end());
    EXPECT_EQ(t.stack_stopped, "");
  }
  EXPECT_EQ(running, 2u);  // the lab guest has 2 CPUs
}

// The lab's soft lockup (../shared/lab/make-vmcores.sh OUT softlockup: z_spin
// spins in labcrash.ko with a spinlock held, the watchdog's timer interrupt
// panics, kdump): CRASHSIFT_LAB_SOFTLOCKUP_DUMP=OUT/dumps/softlockup/
// kdump.vmcore.kdump-lzo-d31, CRASHSIFT_LAB_VMLINUX as above. crash 8.0.2
// stops at the IRQ stack ("possibly bogus exception frame") and drgn 0.0.22
// after sysvec_apic_timer_interrupt; the unwind must go through the
// interrupt's pt_regs into the spinning module code.
TEST(DumpTasks, LabSoftLockupPanicStackReachesTheSpinningModuleCode) {
  const char* dump = std::getenv("CRASHSIFT_LAB_SOFTLOCKUP_DUMP");
  const char* vmlinux = std::getenv("CRASHSIFT_LAB_VMLINUX");
  if (dump == nullptr || vmlinux == nullptr || !std::filesystem::exists(dump) ||
      !std::filesystem::exists(vmlinux))
    GTEST_SKIP() << "set CRASHSIFT_LAB_SOFTLOCKUP_DUMP and CRASHSIFT_LAB_VMLINUX (see the comment)";
  auto tasks = ReadDumpTasks({dump}, {vmlinux});
  ASSERT_TRUE(tasks) << tasks.error().OneLine();
  const KernelTask* panic = nullptr;
  for (const auto& t : tasks->list.tasks) {
    if (t.panic) panic = &t;
  }
  ASSERT_NE(panic, nullptr);
  EXPECT_EQ(panic->comm, "z_spin");
  std::vector<std::string> frames;
  for (const auto& f : panic->stack) {
    if (f.reliable) frames.push_back(f.function + (f.module.empty() ? "" : " [" + f.module + "]"));
  }
  auto at = std::find(frames.begin(), frames.end(), "asm_sysvec_apic_timer_interrupt");
  ASSERT_NE(at, frames.end());
  EXPECT_EQ(std::vector<std::string>(at + 1, std::min(at + 4, frames.end())),
            (std::vector<std::string>{"lab_spin_locked [labcrash]", "lab_spin_write [labcrash]",
                                      "proc_reg_write"}));
  EXPECT_EQ(frames.front(), "__crash_kexec");
  EXPECT_EQ(frames.back(), "entry_SYSCALL_64_after_hwframe");
  EXPECT_EQ(panic->stack_stopped, "");
}

}  // namespace
}  // namespace crashsift::kernel_objects
