#include "analyzer/cli/tasks_command.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/cli/exit_codes.h"
#include "analyzer/core/print_error.h"
#include "analyzer/pipeline/dump_tasks.h"

namespace crashsift::cli {
namespace {

// "12.345s" (the time a task has been off its CPU), "0" when it is on one,
// "-" unknown.
std::string OffCpu(const std::optional<uint64_t>& ns) {
  if (!ns) return "-";
  if (*ns == 0) return "0";
  char text[32];
  std::snprintf(text, sizeof text, "%llu.%03llus",
                static_cast<unsigned long long>(*ns / 1000000000),
                static_cast<unsigned long long>(*ns / 1000000 % 1000));
  return text;
}

}  // namespace

int RunTasks(const Options& options) {
  // The inputs are the parts of one dump (one file, or a --split set).
  auto dump = pipeline::ReadDumpTasks(options.inputs, options.debuginfo);
  if (!dump) return InputError(dump.error());
  auto wanted = [&](const pipeline::KernelTask& t) {
    return options.state.empty() || options.state.find(t.state) != std::string::npos;
  };
  for (const auto& w : dump->list.warnings) {
    PrintError(w.path + ": " + w.message);
  }
  if (options.format == OutputFormat::kJson || options.format == OutputFormat::kJsonl) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& t : dump->list.tasks) {
      if (!wanted(t)) continue;
      char address[19];
      std::snprintf(address, sizeof address, "0x%016llx",
                    static_cast<unsigned long long>(t.address));
      auto optional = [](const std::optional<uint64_t>& v) {
        return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
      };
      tasks.push_back({{"pid", t.pid},
                       {"tgid", t.tgid},
                       {"comm", t.comm},
                       {"state", std::string(1, t.state)},
                       {"cpu", t.cpu ? nlohmann::json(*t.cpu) : nlohmann::json(nullptr)},
                       {"on_cpu", t.on_cpu},
                       {"running", t.running},
                       {"panic", t.panic},
                       {"from_runqueue", t.from_runqueue},
                       {"off_cpu_ns", optional(t.off_cpu_ns)},
                       {"since_arrival_ns", optional(t.since_arrival_ns)},
                       {"task", address}});
      if (!t.stack.empty()) {
        nlohmann::json frames = nlohmann::json::array();
        for (const auto& f : t.stack) {
          nlohmann::json frame = {{"function", f.function.empty() ? nlohmann::json(nullptr)
                                                                  : nlohmann::json(f.function)},
                                  {"offset", f.offset ? nlohmann::json(*f.offset) : nullptr},
                                  {"size", f.size ? nlohmann::json(*f.size) : nullptr},
                                  {"address", f.address ? nlohmann::json(*f.address) : nullptr},
                                  {"reliable", f.reliable}};
          if (!f.module.empty()) frame["module"] = f.module;
          nlohmann::json source = nlohmann::json::array();
          for (const auto& at : f.source) {
            source.push_back({{"function", at.function},
                              {"file", at.file},
                              {"line", at.line},
                              {"inlined", at.inlined}});
          }
          if (!source.empty()) frame["source"] = source;
          frames.push_back(frame);
        }
        tasks.back()["stack"] = frames;
        tasks.back()["stack_from"] = t.stack_from;
        if (!t.stack_stopped.empty()) tasks.back()["stack_stopped"] = t.stack_stopped;
      }
    }
    nlohmann::json out = {
        {"input", options.inputs.front()},
        {"kernel", dump->osrelease},
        {"vmlinux", dump->vmlinux},
        {"build_id", dump->build_id},
        {"panic_cpu", dump->panic_cpu ? nlohmann::json(*dump->panic_cpu) : nlohmann::json(nullptr)},
        {"modules", dump->modules},
        {"tasks", tasks}};
    std::string text = out.dump(options.format == OutputFormat::kJson ? 2 : -1) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  std::printf("%7s %7s %3s %2s %13s %-16s %s\n", "PID", "TGID", "CPU", "ST", "OFF-CPU", "TASK",
              "COMM");
  for (const auto& t : dump->list.tasks) {
    if (!wanted(t)) continue;
    std::string marks;
    if (t.running) marks += "  (running";
    if (t.panic) marks += ", panic";
    if (t.running) marks += ")";
    std::printf("%7d %7d %3s %2c %13s %016llx %s%s\n", t.pid, t.tgid,
                t.cpu ? std::to_string(*t.cpu).c_str() : "-", t.state, OffCpu(t.off_cpu_ns).c_str(),
                static_cast<unsigned long long>(t.address), t.comm.c_str(), marks.c_str());
    if (!t.stack.empty() && !t.stack_from.empty())
      std::printf("%26s(stack from the %s)\n", "", t.stack_from.c_str());
    for (const auto& f : t.stack) {
      std::string line = pipeline::FormatKernelFrame(f);
      if (!f.source.empty())
        line += "  " + f.source.back().file + ":" + std::to_string(f.source.back().line);
      std::printf("%26s%s\n", "", line.c_str());
    }
    if (!t.stack_stopped.empty())
      std::printf("%26s(unwind stopped: %s)\n", "", t.stack_stopped.c_str());
  }
  return kExitOk;
}

}  // namespace crashsift::cli
