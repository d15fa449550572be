// Kind-specific details of an event, read from one of its structural lines.
#pragma once

#include "analyzer/events/event.h"
#include "analyzer/events/event_headlines.h"

namespace crashsift::events {

// Fills the kind-specific fields of `event` from one of its structural lines
// (`headline` as ClassifyLine returned it): details (the first value of a key
// wins), and cpu/task when the line names them and they are still unset.
void ExtractDetails(const Headline& headline, Event& event);

}  // namespace crashsift::events
