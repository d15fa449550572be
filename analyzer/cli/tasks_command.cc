#include "analyzer/cli/tasks_command.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/cli/exit_codes.h"
#include "analyzer/pipeline/dump_tasks.h"

namespace crashsift::cli {

int RunTasks(const Options& options) {
  // The inputs are the parts of one dump (one file, or a --split set).
  auto dump = pipeline::ReadDumpTasks(options.inputs, options.debuginfo);
  if (!dump) {
    std::fprintf(stderr, "crashsift: %s\n", dump.error().OneLine().c_str());
    return kExitInputError;
  }
  auto wanted = [&](const pipeline::KernelTask& t) {
    return options.state.empty() || options.state.find(t.state) != std::string::npos;
  };
  for (const auto& w : dump->list.warnings) {
    std::fprintf(stderr, "crashsift: %s: %s\n", w.path.c_str(), w.message.c_str());
  }
  if (options.format == OutputFormat::kJson || options.format == OutputFormat::kJsonl) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& t : dump->list.tasks) {
      if (!wanted(t)) continue;
      char address[19];
      std::snprintf(address, sizeof address, "0x%016llx",
                    static_cast<unsigned long long>(t.address));
      tasks.push_back({{"pid", t.pid},
                       {"tgid", t.tgid},
                       {"comm", t.comm},
                       {"state", std::string(1, t.state)},
                       {"cpu", t.cpu ? nlohmann::json(*t.cpu) : nlohmann::json(nullptr)},
                       {"on_cpu", t.on_cpu},
                       {"task", address}});
      if (!t.stack.empty()) {
        nlohmann::json frames = nlohmann::json::array();
        for (const auto& f : t.stack) {
          nlohmann::json frame = {{"function", f.function.empty() ? nlohmann::json(nullptr)
                                                                  : nlohmann::json(f.function)},
                                  {"offset", f.offset ? nlohmann::json(*f.offset) : nullptr},
                                  {"size", f.size ? nlohmann::json(*f.size) : nullptr}};
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
        if (!t.stack_stopped.empty()) tasks.back()["stack_stopped"] = t.stack_stopped;
      }
    }
    nlohmann::json out = {{"input", options.inputs.front()},
                          {"kernel", dump->osrelease},
                          {"vmlinux", dump->vmlinux},
                          {"tasks", tasks}};
    std::string text = out.dump(options.format == OutputFormat::kJson ? 2 : -1) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  std::printf("%7s %7s %3s %2s %-16s %s\n", "PID", "TGID", "CPU", "ST", "TASK", "COMM");
  for (const auto& t : dump->list.tasks) {
    if (!wanted(t)) continue;
    std::printf("%7d %7d %3s %2c %016llx %s%s\n", t.pid, t.tgid,
                t.cpu ? std::to_string(*t.cpu).c_str() : "-", t.state,
                static_cast<unsigned long long>(t.address), t.comm.c_str(),
                t.on_cpu ? "  (on CPU)" : "");
    for (const auto& f : t.stack) {
      std::string line = f.function.empty() ? "?" : f.function;
      if (f.offset && f.size) {
        char off[64];
        std::snprintf(off, sizeof off, "+0x%llx/0x%llx", static_cast<unsigned long long>(*f.offset),
                      static_cast<unsigned long long>(*f.size));
        line += off;
      }
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
