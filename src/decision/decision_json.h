// The members of a writ-decision/1 object, written into an object the caller has opened, so a
// caller can add its own members (the service stores a decision without its case id and with
// the report facts) without building the decision twice.
#pragma once

#include "base/json_writer.h"
#include "writ/decision.h"

namespace writ {

// Writes format, case (when `with_case`), policy, as_of, outcome, actions, reasons, and missing,
// notices and facts when there are any, in that order.
void write_decision_members(JsonWriter& w, const Decision& d, bool with_case);

}  // namespace writ
