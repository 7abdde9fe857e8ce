// verify_log(): walks the hash chain, the signed checkpoints and the personal table of one
// connection and names what it finds wrong. See docs/audit.md for what each problem means.
#pragma once

#include "store/connection.h"
#include "store/types.h"
#include "writ/result.h"

namespace writ::store {

Result<VerifyReport> verify_log(Connection& c, const VerifyOptions& o);

}  // namespace writ::store
