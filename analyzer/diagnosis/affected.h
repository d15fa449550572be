// The affected-version verdict of a signature for one boot's facts: true when
// every [[affected]] component's detected version is inside its ranges,
// false when one is outside, unknown when a version is not in the log. The
// reason is a sentence built from the signature's inside/outside texts:
// "kernel 6.12.25 has the loop change (...) and ZFS 2.3.1 lacks the fix (...)".
#pragma once

#include <string>

#include "analyzer/diagnosis/diagnosis.h"
#include "analyzer/events/system_facts.h"
#include "analyzer/matching/signature.h"

namespace crashsift::diagnosis {

struct AffectedVerdict {
  Affected affected = Affected::kUnknown;
  std::string reason;
  MissingVersions missing;  // the versions `reason` says are not in the log
};

// `facts` may be null (no facts for the boot).
AffectedVerdict ComputeAffected(const matching::Signature& signature,
                                const events::SystemFacts* facts);

}  // namespace crashsift::diagnosis
