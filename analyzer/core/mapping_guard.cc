#include "analyzer/core/mapping_guard.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace crashsift {
namespace {

// Lock-free slots: the handler may run on any thread at any time, so it only
// reads atomics (and calls mmap, a plain system call).
struct Slot {
  std::atomic<uintptr_t> begin{0};
  std::atomic<uintptr_t> end{0};  // 0: free
  std::atomic<bool> faulted{false};
};
constexpr int kSlots = 4096;
Slot g_slots[kSlots];
struct sigaction g_previous {};

void OnSigbus(int sig, siginfo_t* info, void* context) {
  const auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  for (Slot& slot : g_slots) {
    const uintptr_t end = slot.end.load(std::memory_order_acquire);
    if (end == 0 || addr < slot.begin.load(std::memory_order_acquire) || addr >= end) continue;
    const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    void* at = reinterpret_cast<void*>(addr & ~(page - 1));
    if (::mmap(at, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
      break;
    slot.faulted.store(true, std::memory_order_release);
    return;  // the faulting read is retried and now reads zeros
  }
  // Not ours: what would have happened without us.
  if (g_previous.sa_flags & SA_SIGINFO) {
    if (g_previous.sa_sigaction != nullptr) return g_previous.sa_sigaction(sig, info, context);
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
    return g_previous.sa_handler(sig);
  }
  ::signal(SIGBUS, SIG_DFL);
  ::raise(SIGBUS);
}

void InstallOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_sigaction = OnSigbus;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &g_previous);
  });
}

}  // namespace

int MappingGuard::Register(const void* data, size_t size) {
  if (data == nullptr || size == 0) return -1;
  InstallOnce();
  const auto begin = reinterpret_cast<uintptr_t>(data);
  for (int i = 0; i < kSlots; ++i) {
    uintptr_t expected = 0;
    // Claim a free slot by its `end`; a claimed slot with begin still 0
    // matches no address, so the handler never sees it half-written.
    if (g_slots[i].end.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) {
      g_slots[i].faulted.store(false, std::memory_order_relaxed);
      g_slots[i].begin.store(begin, std::memory_order_release);
      g_slots[i].end.store(begin + size, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

void MappingGuard::Unregister(int id) {
  if (id < 0 || id >= kSlots) return;
  g_slots[id].begin.store(0, std::memory_order_release);
  g_slots[id].end.store(0, std::memory_order_release);
}

bool MappingGuard::Faulted(int id) {
  return id >= 0 && id < kSlots && g_slots[id].faulted.load(std::memory_order_acquire);
}

}  // namespace crashsift
