// Applies a Symbolizer to the frames of events: every frame printed as
// "func+0xoff/0xsize [module]" without a source gets its source chain.
// Failures lose only the source of a frame; they come back as warnings, one
// per distinct reason with the number of frames it cost.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/error.h"
#include "analyzer/events/event.h"
#include "analyzer/symbols/symbolizer.h"

namespace crashsift::symbols {

// The query for a frame; nullopt when it has no offset (an inlined syzbot
// frame, a bare address) or already has a source.
std::optional<FrameQuery> QueryFor(const events::StackFrame& frame,
                                   const std::string& kernel_release);

// Symbolizes the frames (and RIP frame) of `events`; `releases[e.boot]` is
// the kernel release of each event's boot (an event's own release wins).
// Warnings are about `input`.
std::vector<Warning> SymbolizeEvents(Symbolizer& symbolizer, std::vector<events::Event>& events,
                                     const std::vector<std::string>& releases,
                                     const std::string& input);

}  // namespace crashsift::symbols
