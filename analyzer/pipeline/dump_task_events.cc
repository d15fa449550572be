#include "analyzer/pipeline/dump_task_events.h"

#include "analyzer/events/stack_frame_parser.h"
#include "analyzer/kernel_objects/dump_tasks.h"
#include "analyzer/titles/event_titles.h"

namespace crashsift::pipeline {

std::vector<events::Event> DumpTaskEvents(std::vector<vmcore::DumpBytes> parts,
                                          const std::vector<std::string>& debuginfo,
                                          const std::string& name, std::vector<Warning>& warnings) {
  std::vector<events::Event> out;
  auto dump = kernel_objects::ReadDumpTasks(std::move(parts), debuginfo);
  if (!dump) {
    warnings.push_back(
        {name, std::nullopt, "no task list from the dump: " + dump.error().OneLine()});
    return out;
  }
  for (const auto& w : dump->list.warnings) warnings.push_back({name, std::nullopt, w.message});
  for (const auto& task : dump->list.tasks) {
    if (task.state != 'D') continue;
    events::Event e;
    e.kind = events::EventKind::kBlockedTask;
    e.task = {task.comm, task.pid};
    if (task.cpu) e.cpu = static_cast<int>(*task.cpu);
    // Evidence in the form of a sysrq-w dump, marked as read from memory:
    // these lines are not in the log.
    e.headline = "task:" + task.comm + " state:D pid:" + std::to_string(task.pid) +
                 " (from the dump's task list, not the log)";
    e.lines.push_back({0, e.headline});
    for (const auto& f : task.stack) {
      events::StackFrame frame = f;
      frame.context = "task";
      e.frames.push_back(frame);
      e.lines.push_back({0, " " + events::FormatKernelFrame(f)});
    }
    e.details = {{"state", "D"}, {"source", "dump"}};
    if (!task.stack_stopped.empty()) e.details["stack_stopped"] = task.stack_stopped;
    titles::EventTitle title = titles::TitleForEvent(e);
    e.title = title.title;
    e.crash = false;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace crashsift::pipeline
