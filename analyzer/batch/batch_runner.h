// Runs one job per input on a pool of worker threads. Results are handed to
// the sink in input order (a reorder buffer), so output is deterministic
// whatever the scheduling; one failing input never stops the others.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace crashsift::batch {

// Work for input i; must be thread-safe and must not throw.
using Job = std::function<std::string(size_t index)>;
// Receives each job's result, in index order, on one thread at a time.
using Sink = std::function<void(size_t index, std::string result)>;

// jobs == 0 means one worker per CPU.
void RunInOrder(size_t count, unsigned jobs, const Job& job, const Sink& sink);

// Expands directories (recursively, sorted, regular files only) and keeps files and "-" as given.
std::vector<std::string> ExpandInputs(const std::vector<std::string>& paths, std::vector<std::string>* errors);

}  // namespace crashsift::batch
