// Debug aid (not a test): prints what the splitter makes of a dmesg text file.
#include <fstream>
#include <iostream>
#include <sstream>

#include "analyzer/events/event_splitter.h"
#include "tests/events/dmesg_text.h"

int main(int argc, char** argv) {
  using namespace crashsift::events;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EventSplitter splitter;
    for (const auto& r : testing::RecordsFromDmesgText(ss.str())) splitter.Add(r);
    SplitResult result = splitter.Finish();
    std::cout << "== " << argv[i] << ": " << result.events.size() << " events\n";
    for (const Event& e : result.events) {
      std::cout << ToString(e.kind) << " [" << e.first_line << "-" << e.last_line << "] boot "
                << e.boot << " cpu " << (e.cpu ? std::to_string(*e.cpu) : "-") << " task "
                << e.task.comm << ":" << (e.task.pid ? std::to_string(*e.task.pid) : "-")
                << " taint '" << e.taint << "' rip '" << e.rip << "' frames " << e.frames.size()
                << " stacks " << e.stack_labels.size() << "\n   " << e.headline << "\n";
      for (const auto& [k, v] : e.details) std::cout << "   " << k << "=" << v << "\n";
      for (size_t f = 0; f < e.frames.size() && f < 4; ++f) {
        const auto& fr = e.frames[f];
        std::cout << "   #" << fr.stack << " " << (fr.reliable ? "" : "? ") << fr.function
                  << (fr.module.empty() ? "" : " [" + fr.module + "]") << " ctx=" << fr.context
                  << "\n";
      }
    }
    for (const SystemFacts& f : result.systems) {
      std::cout << "boot " << f.boot << ": " << f.kernel_release << " upstream "
                << (f.kernel_upstream ? f.kernel_upstream->ToString() : "-") << " arch " << f.arch
                << " distro " << f.distribution << " taint '" << f.taint << "' zfs "
                << f.zfs_release << " loaded " << f.zfs_loaded << " modules " << f.modules.size()
                << " hw " << f.hardware << "\n   cmdline " << f.command_line << "\n";
    }
  }
}
