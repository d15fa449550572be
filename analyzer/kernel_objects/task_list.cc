#include "analyzer/kernel_objects/task_list.h"

#include <cstring>
#include <set>

#include "analyzer/kernel_objects/memory_read.h"

namespace crashsift::kernel_objects {
namespace {

constexpr size_t kMaxTasks = 1 << 20;

struct TaskOffsets {
  uint64_t tasks = 0;
  uint64_t pid = 0;
  uint64_t tgid = 0;
  uint64_t comm = 0;
  uint64_t state = 0;
  bool state_is_long = false;  // `long state` before 5.14
  uint64_t exit_state = 0;
  std::optional<uint64_t> cpu;
  std::optional<uint64_t> on_cpu;
  std::optional<uint64_t> exec_start;    // se.exec_start
  std::optional<uint64_t> last_arrival;  // sched_info.last_arrival (CONFIG_SCHED_INFO)
  std::optional<uint64_t> thread_group;  // before 6.7
  std::optional<uint64_t> signal;        // 6.7+: signal->thread_head / thread_node
  std::optional<uint64_t> thread_head;
  std::optional<uint64_t> thread_node;
};

Result<TaskOffsets> Offsets(const KernelTypes& t) {
  TaskOffsets o;
  auto need = [&](std::string_view member, uint64_t& out) -> bool {
    auto offset = t.Offset("task_struct", member);
    if (offset) out = *offset;
    return static_cast<bool>(offset);
  };
  if (!need("tasks", o.tasks)) return Fail(t.Offset("task_struct", "tasks").error());
  if (!need("pid", o.pid)) return Fail(t.Offset("task_struct", "pid").error());
  if (!need("tgid", o.tgid)) return Fail(t.Offset("task_struct", "tgid").error());
  if (!need("comm", o.comm)) return Fail(t.Offset("task_struct", "comm").error());
  if (!need("exit_state", o.exit_state)) return Fail(t.Offset("task_struct", "exit_state").error());
  // 5.14 (commit 2f064a59a11f) renamed `long state` to `unsigned int __state`.
  if (auto s = t.OptionalOffset("task_struct", "__state")) {
    o.state = *s;
  } else if (auto old = t.OptionalOffset("task_struct", "state")) {
    o.state = *old;
    o.state_is_long = true;
  } else {
    return Fail(t.Offset("task_struct", "__state").error());
  }
  // The CPU lives in thread_info with THREAD_INFO_IN_TASK since 5.16
  // (commit bcf9033e5449), in task_struct.cpu for 5.4-5.15.
  o.cpu = t.OptionalOffset("task_struct", "thread_info.cpu");
  if (!o.cpu) o.cpu = t.OptionalOffset("task_struct", "cpu");
  o.on_cpu = t.OptionalOffset("task_struct", "on_cpu");
  o.exec_start = t.OptionalOffset("task_struct", "se.exec_start");
  o.last_arrival = t.OptionalOffset("task_struct", "sched_info.last_arrival");
  o.thread_group = t.OptionalOffset("task_struct", "thread_group");
  if (!o.thread_group) {
    o.signal = t.OptionalOffset("task_struct", "signal");
    o.thread_node = t.OptionalOffset("task_struct", "thread_node");
    o.thread_head = t.OptionalOffset("signal_struct", "thread_head");
  }
  return o;
}

std::optional<KernelTask> ReadTask(const vmcore::VirtualReader& read, uint64_t task,
                                   const TaskOffsets& o) {
  KernelTask k;
  k.address = task;
  auto pid = ReadValue<int32_t>(read, task + o.pid);
  auto tgid = ReadValue<int32_t>(read, task + o.tgid);
  auto exit_state = ReadValue<int32_t>(read, task + o.exit_state);
  std::optional<uint64_t> state;
  if (o.state_is_long) {
    if (auto s = ReadValue<int64_t>(read, task + o.state)) state = static_cast<uint64_t>(*s);
  } else if (auto s = ReadValue<uint32_t>(read, task + o.state)) {
    state = *s;
  }
  char comm[16] = {};
  std::span<std::byte> comm_bytes(reinterpret_cast<std::byte*>(comm), sizeof comm);
  if (!pid || !tgid || !exit_state || !state || read(task + o.comm, comm_bytes) != 0)
    return std::nullopt;
  k.pid = *pid;
  k.tgid = *tgid;
  k.comm.assign(comm, strnlen(comm, sizeof comm));
  k.state = TaskStateChar(*state, static_cast<uint32_t>(*exit_state));
  if (o.cpu) k.cpu = ReadValue<uint32_t>(read, task + *o.cpu);
  if (o.on_cpu) k.on_cpu = ReadValue<int32_t>(read, task + *o.on_cpu).value_or(0) != 0;
  if (o.exec_start) k.exec_start = ReadValue<uint64_t>(read, task + *o.exec_start);
  if (o.last_arrival) k.last_arrival = ReadValue<uint64_t>(read, task + *o.last_arrival);
  return k;
}

// The entries of the circular list whose head is at `head`, as addresses of
// the containing objects (`link` = offset of the list_head in them).
std::vector<uint64_t> ListEntries(const vmcore::VirtualReader& read, uint64_t head, uint64_t link,
                                  std::string& problem) {
  std::vector<uint64_t> out;
  std::set<uint64_t> seen;
  auto next = ReadValue<uint64_t>(read, head);
  while (next && *next != head) {
    if (*next == 0) {  // a zeroed (or filtered-out) page, never a live list
      problem = "a list pointer is NULL";
      return out;
    }
    if (!seen.insert(*next).second || out.size() >= kMaxTasks) {
      problem = "the list loops or is too long";
      break;
    }
    out.push_back(*next - link);
    next = ReadValue<uint64_t>(read, *next);
  }
  if (!next) problem = "a list pointer is not in the dump";
  return out;
}

}  // namespace

std::vector<std::string> TaskListStructs() { return {"task_struct", "signal_struct"}; }

char TaskStateChar(uint64_t state, uint64_t exit_state) {
  // TASK_REPORT = 0x7f; TASK_IDLE = TASK_UNINTERRUPTIBLE | TASK_NOLOAD (0x402)
  // reports as TASK_REPORT_IDLE, 'I' (include/linux/sched.h, 4.14+).
  constexpr uint64_t kReport = 0x7f;
  constexpr uint64_t kIdle = 0x402;
  uint64_t s = (state | exit_state) & kReport;
  if ((state & kIdle) == kIdle && s == 0x2) return 'I';
  int index = 0;
  while (s != 0) {
    ++index;
    s >>= 1;
  }
  static constexpr char kChars[] = "RSDTtXZPI";
  return kChars[index];
}

std::optional<KernelTask> ReadTaskAt(const vmcore::VirtualReader& read, uint64_t task,
                                     const KernelTypes& types) {
  auto offsets = Offsets(types);
  if (!offsets) return std::nullopt;
  return ReadTask(read, task, *offsets);
}

Result<TaskList> ReadTaskList(const vmcore::VirtualReader& read, uint64_t init_task,
                              const KernelTypes& types) {
  auto offsets = Offsets(types);
  if (!offsets) return Fail(offsets.error());
  const TaskOffsets& o = *offsets;
  TaskList list;
  auto first = ReadTask(read, init_task, o);
  if (!first) return Fail(ErrorCode::kCorrupt, "", "init_task is not readable in the dump");
  std::string problem;
  std::vector<uint64_t> leaders = ListEntries(read, init_task + o.tasks, o.tasks, problem);
  if (!problem.empty()) list.warnings.push_back({"", std::nullopt, "task list: " + problem});
  leaders.insert(leaders.begin(), init_task);
  std::set<uint64_t> seen;
  for (uint64_t leader : leaders) {
    std::vector<uint64_t> members{leader};
    std::string thread_problem;
    if (o.thread_group) {
      auto threads = ListEntries(read, leader + *o.thread_group, *o.thread_group, thread_problem);
      members.insert(members.end(), threads.begin(), threads.end());
    } else if (o.signal && o.thread_head && o.thread_node) {
      if (auto signal = ReadValue<uint64_t>(read, leader + *o.signal); signal && *signal != 0) {
        members = ListEntries(read, *signal + *o.thread_head, *o.thread_node, thread_problem);
        if (std::find(members.begin(), members.end(), leader) == members.end())
          members.insert(members.begin(), leader);
      }
    }
    if (!thread_problem.empty())
      list.warnings.push_back({"", std::nullopt, "threads of a task: " + thread_problem});
    for (uint64_t task : members) {
      if (!seen.insert(task).second) continue;
      auto k = ReadTask(read, task, o);
      if (!k) {
        list.warnings.push_back({"", std::nullopt, "a task_struct is not readable in the dump"});
        continue;
      }
      list.tasks.push_back(std::move(*k));
    }
  }
  return list;
}

}  // namespace crashsift::kernel_objects
