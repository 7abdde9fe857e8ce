// Decodes a writ-case/1 JSON document into CaseData, driven by the types the prelude declares, so
// the case format is defined in one place. Absent or null fields are unknown; an empty list is a
// known "none". Errors name the offending field by JSON pointer and never crash.
#pragma once

#include <memory>
#include <string_view>

#include "catalog/catalog.h"
#include "check/checker.h"
#include "eval/case_data.h"
#include "writ/result.h"

namespace writ::cases {

struct DecodeLimits {
  size_t max_bytes = 1 << 20;    // a case is at most 1 MiB of JSON
  size_t max_list_items = 1000;  // e.g. at most 1000 convictions
  size_t max_depth = 16;
};

// With `catalog`, each citation's catalog row is looked up once here rather than at every
// `listed` call.
Result<std::unique_ptr<eval::CaseData>> decode_case(std::string_view json,
                                                    const check::CheckedPolicy& policy,
                                                    const DecodeLimits& limits = {},
                                                    const catalog::Catalog* catalog = nullptr);

}  // namespace writ::cases
