#include "report/what_if.h"

#include "report/csv_writer.h"
#include "report/html_report.h"
#include "report/json_writer.h"
#include "report/tally.h"

namespace writ::report {

WhatIfReport::WhatIfReport(std::vector<std::string> policy_ids, std::string dataset)
    : tally_(std::make_unique<Tally>(std::move(policy_ids), std::move(dataset))) {}
WhatIfReport::~WhatIfReport() = default;
WhatIfReport::WhatIfReport(WhatIfReport&&) noexcept = default;
WhatIfReport& WhatIfReport::operator=(WhatIfReport&&) noexcept = default;

void WhatIfReport::add(const RecordResult& r) {
  tally_->add(r);
}
void WhatIfReport::add_unmapped(const Unmapped& u) {
  tally_->add_unmapped(u);
}

std::string WhatIfReport::html() const {
  return render_html(*tally_);
}
std::string WhatIfReport::json() const {
  return render_json(*tally_);
}
std::string WhatIfReport::counts_csv() const {
  return render_counts_csv(*tally_);
}
std::string WhatIfReport::changed_csv() const {
  return render_changed_csv(*tally_);
}

}  // namespace writ::report
