// The extension point for debuginfo (rust-minidump's SymbolProvider): a frame
// as the kernel printed it ("func+0xoff/0xsize [module build-id]") in, its
// source position with the inline chain out. The pipeline, `symbolize` and the
// tests see only this interface; the libdw implementation is DwarfSymbolizer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/events/stack_frame.h"

namespace crashsift::symbols {

// What the log says about one frame, plus the kernel release of its boot.
struct FrameQuery {
  std::string function;          // as printed, "lo_rw_aio.isra.0"
  uint64_t offset = 0;           // +0x31e
  std::optional<uint64_t> size;  // /0x360: picks among same-named symbols
  std::string module;            // "loop"; empty for vmlinux
  std::string module_build_id;   // "[loop 5b81e7...]" form; empty when not printed
  std::string kernel_release;    // "6.1.0-56-amd64"; empty when unknown
};

// A frame's source: innermost first (see events::SourceLocation).
using SourceChain = std::vector<events::SourceLocation>;

class Symbolizer {
 public:
  virtual ~Symbolizer() = default;

  // The source chain of `query`. An Error says why there is none, in one line
  // meant for the report's warnings: no debuginfo for the module (kNotFound),
  // a debuginfo whose build id or release does not match (kBadMagic), a
  // symbol that is not in it or an offset past its end (kNotFound), a
  // debuginfo libdw cannot read (kCorrupt). Never throws; may be called from
  // several threads at once.
  virtual Result<SourceChain> Symbolize(const FrameQuery& query) = 0;
};

// Knows nothing: every frame keeps the source it was printed with.
class NullSymbolizer final : public Symbolizer {
 public:
  Result<SourceChain> Symbolize(const FrameQuery& query) override {
    return Fail(ErrorCode::kNotFound, query.module.empty() ? "vmlinux" : query.module,
                "no debuginfo given");
  }
};

}  // namespace crashsift::symbols
