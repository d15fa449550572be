// Bucket keys: which findings are "the same crash". A signature's finding
// buckets under its id, plus the values of its `bucket` capture groups
// ("openzfs-assertion-generic:zap.c:zap_deref_leaf:..."); an event no
// signature explains buckets under its kind and normalised top frames,
// skipping the reporting machinery (dump_stack, spl_panic, __schedule, ...)
// the way syzkaller's frame-skip lists do.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analyzer/events/event.h"
#include "analyzer/matching/signature.h"

namespace crashsift::diagnosis {

std::string SignatureBucket(const matching::Signature& signature,
                            const std::map<std::string, std::string>& captures);

// The event's top `depth` reliable frames (normalised names), skipping the
// frames that report or wait (dump_stack, kasan_report, __schedule,
// context_switch, mutex_lock, _raw_spin_lock, ...).
std::vector<std::string> BucketFrames(const events::Event& event, size_t depth);

}  // namespace crashsift::diagnosis
