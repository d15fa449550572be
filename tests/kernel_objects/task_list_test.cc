// task_state_to_char() as the kernel computes it, and (with a real dump and
// its vmlinux, skipped without them) the task list of a lab dump.
#include "analyzer/kernel_objects/task_list.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "analyzer/kernel_objects/dump_tasks.h"
#include "analyzer/pipeline/analyze.h"

namespace crashsift::kernel_objects {
namespace {

TEST(TaskStateChar, KernelLetters) {
  EXPECT_EQ(TaskStateChar(0x0, 0), 'R');
  EXPECT_EQ(TaskStateChar(0x1, 0), 'S');
  EXPECT_EQ(TaskStateChar(0x2, 0), 'D');
  EXPECT_EQ(TaskStateChar(0x4, 0), 'T');
  EXPECT_EQ(TaskStateChar(0x8, 0), 't');
  EXPECT_EQ(TaskStateChar(0x0, 0x20), 'Z');
  EXPECT_EQ(TaskStateChar(0x0, 0x10), 'X');
  EXPECT_EQ(TaskStateChar(0x40, 0), 'P');
  EXPECT_EQ(TaskStateChar(0x402, 0), 'I');  // TASK_IDLE: kworkers waiting for work
  EXPECT_EQ(TaskStateChar(0x102, 0), 'D');  // TASK_KILLABLE = D | WAKEKILL
}

// A dump of the lab (../shared/lab/make-vmcores.sh OUTDIR deps initramfs hung)
// and its kernel's vmlinux debuginfo: CRASHSIFT_LAB_DUMP=OUTDIR/dumps/qemu-hung.elf
// CRASHSIFT_LAB_VMLINUX=OUTDIR/build/vmlinux-<release>.
TEST(DumpTasks, LabHungDumpListsTheTwoDStateWriters) {
  const char* dump = std::getenv("CRASHSIFT_LAB_DUMP");
  const char* vmlinux = std::getenv("CRASHSIFT_LAB_VMLINUX");
  if (dump == nullptr || vmlinux == nullptr || !std::filesystem::exists(dump) ||
      !std::filesystem::exists(vmlinux))
    GTEST_SKIP() << "set CRASHSIFT_LAB_DUMP and CRASHSIFT_LAB_VMLINUX (see the comment)";
  auto tasks = ReadDumpTasks({dump}, {vmlinux});
  ASSERT_TRUE(tasks) << tasks.error().OneLine();
  std::vector<std::string> d_state;
  for (const auto& t : tasks->list.tasks) {
    if (t.state == 'D') d_state.push_back(t.comm);
  }
  // The lab's guest renames two writers blocked on a frozen ext4.
  EXPECT_NE(std::find(d_state.begin(), d_state.end(), "txg_sync"), d_state.end());
  EXPECT_NE(std::find(d_state.begin(), d_state.end(), "z_wr_iss"), d_state.end());
  EXPECT_GT(tasks->list.tasks.size(), 20u);
  // The ORC unwind of the blocked openat: the top 5 out-of-line frames, as
  // the console's own hung-task report and drgn's prog.stack_trace() show them.
  for (const auto& t : tasks->list.tasks) {
    if (t.comm != "txg_sync") continue;
    std::vector<std::string> top;
    for (const auto& f : t.stack) {
      if (top.size() < 5) top.push_back(f.function);
    }
    EXPECT_EQ(top, (std::vector<std::string>{"__schedule", "schedule", "percpu_rwsem_wait",
                                             "__percpu_down_read", "mnt_want_write"}));
    EXPECT_EQ(t.stack.back().function, "entry_SYSCALL_64_after_hwframe");
    EXPECT_EQ(t.stack_stopped, "");
  }
  ASSERT_FALSE(tasks->list.tasks.empty());
  EXPECT_EQ(tasks->list.tasks.front().comm, "swapper/0");
}

// A dump of a hang that printed nothing (corpus/tools/make-quiet-hang-dump.sh:
// the lab's hung scenario with khungtaskd off and no sysrq-w):
// CRASHSIFT_LAB_QUIET_DUMP=OUT/dumps/qemu-hung.elf, same CRASHSIFT_LAB_VMLINUX.
TEST(DumpTasks, AnalyzeShowsTheHangThatThePrintkRingDoesNot) {
  const char* dump = std::getenv("CRASHSIFT_LAB_QUIET_DUMP");
  const char* vmlinux = std::getenv("CRASHSIFT_LAB_VMLINUX");
  if (dump == nullptr || vmlinux == nullptr || !std::filesystem::exists(dump) ||
      !std::filesystem::exists(vmlinux))
    GTEST_SKIP() << "set CRASHSIFT_LAB_QUIET_DUMP and CRASHSIFT_LAB_VMLINUX (see the comment)";
  pipeline::AnalyzeOptions without;
  auto plain = pipeline::AnalyzeInput(dump, without);
  ASSERT_TRUE(plain) << plain.error().OneLine();
  for (const auto& e : plain->events) EXPECT_NE(e.kind, events::EventKind::kBlockedTask);

  pipeline::AnalyzeOptions with;
  with.debuginfo = {vmlinux};
  auto report = pipeline::AnalyzeInput(dump, with);
  ASSERT_TRUE(report) << report.error().OneLine();
  std::vector<std::string> titles;
  for (const auto& e : report->events) {
    if (e.kind != events::EventKind::kBlockedTask) continue;
    EXPECT_EQ(e.details.at("source"), "dump");
    EXPECT_FALSE(e.frames.empty());
    titles.push_back(e.title + " (" + e.task.comm + ")");
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"INFO: task hung in mnt_want_write (txg_sync)",
                                              "INFO: task hung in vfs_write (z_wr_iss)"}));
}

TEST(DumpTasks, TasksTheLogAlreadyReportsAreNotAddedTwice) {
  const char* dump = std::getenv("CRASHSIFT_LAB_DUMP");
  const char* vmlinux = std::getenv("CRASHSIFT_LAB_VMLINUX");
  if (dump == nullptr || vmlinux == nullptr || !std::filesystem::exists(dump) ||
      !std::filesystem::exists(vmlinux))
    GTEST_SKIP() << "set CRASHSIFT_LAB_DUMP and CRASHSIFT_LAB_VMLINUX";
  pipeline::AnalyzeOptions with;
  with.debuginfo = {vmlinux};
  auto report = pipeline::AnalyzeInput(dump, with);
  ASSERT_TRUE(report) << report.error().OneLine();
  for (const auto& e : report->events) {
    auto source = e.details.find("source");
    EXPECT_TRUE(source == e.details.end() || source->second != "dump") << e.title;
  }
}

}  // namespace
}  // namespace crashsift::kernel_objects
