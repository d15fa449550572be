// Survives a mapped input that shrinks while it is read (logrotate's
// copytruncate, a dump still being copied): touching a page past the new end
// of a file raises SIGBUS, which would kill the whole process, and with it
// every other input of a batch. A process-wide SIGBUS handler looks the
// faulting address up among the guarded mappings, maps a page of zeros over
// it so the read completes, and marks that mapping as faulted. Readers then
// ask Faulted() and turn it into an error; zeros are never taken as data.
// A SIGBUS outside every guarded mapping keeps its default action (the
// process dies as before).
#pragma once

#include <cstddef>

namespace crashsift {

class MappingGuard {
 public:
  // Guards [data, data + size); installs the handler on first use. Returns
  // a slot id, or -1 when all slots are taken (the mapping is then
  // unguarded: it still works, only a shrink would be fatal).
  static int Register(const void* data, size_t size);
  // Stops guarding slot `id` (before munmap). -1 is a no-op.
  static void Unregister(int id);
  // True once any page of slot `id` was found past the end of its file.
  static bool Faulted(int id);
};

}  // namespace crashsift
