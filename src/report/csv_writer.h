// The what-if report as two CSV files (RFC 4180, LF line ends); see docs/batch.md, "Reports".
#pragma once

#include <string>

#include "report/tally.h"

namespace writ::report {

// counts.csv: `policy,table,key,honor,decline,review,error,total`. Per policy the tables
// `outcome` (key "all"), `reason`, `facility`, `month`; per pair of policies the table
// `transition:<to policy>` keyed "<outcome under policy>-><outcome under to policy>" (count in
// total); dataset-wide rows have an empty policy: `records` by month and
// `attribute:<name>=<value>` by month (count in total), and `unmapped` by reason.
std::string render_counts_csv(const Tally& t);

// changed.csv: `source,line,record_id,date,facility` then `<policy>:outcome`,
// `<policy>:reason`, `<policy>:explanation` for each policy; every changed record, explanations
// for the first kMaxStoredExplanations.
std::string render_changed_csv(const Tally& t);

}  // namespace writ::report
