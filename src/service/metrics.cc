#include "service/metrics.h"

#include <fmt/format.h>

namespace writ::service {
namespace {

// Label values escaped as the exposition format requires.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::observe(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  ++buckets_[i];
  sum_ += seconds;
  ++count_;
}

void Metrics::decision(const std::string& policy, const std::string& outcome) {
  std::lock_guard lock(mu_);
  ++decisions_[{policy, outcome}];
}

std::string Metrics::render(int64_t last_seq, size_t policies) const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP writ_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE writ_http_requests_total counter\n";
  for (const auto& [k, n] : requests_) {
    out += fmt::format("writ_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                       label(k.first), k.second, n);
  }
  out += "# HELP writ_http_request_duration_seconds Time to answer a request.\n";
  out += "# TYPE writ_http_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += buckets_[i];
    out += fmt::format("writ_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i],
                       cumulative);
  }
  cumulative += buckets_.back();
  out += fmt::format("writ_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  out += fmt::format("writ_http_request_duration_seconds_sum {}\n", sum_);
  out += fmt::format("writ_http_request_duration_seconds_count {}\n", count_);
  out += "# HELP writ_decisions_total Decisions stored, by policy and outcome.\n";
  out += "# TYPE writ_decisions_total counter\n";
  for (const auto& [k, n] : decisions_) {
    out += fmt::format("writ_decisions_total{{policy=\"{}\",outcome=\"{}\"}} {}\n", label(k.first),
                       label(k.second), n);
  }
  out += "# HELP writ_log_last_seq Sequence number of the newest log entry.\n";
  out += "# TYPE writ_log_last_seq gauge\n";
  out += fmt::format("writ_log_last_seq {}\n", last_seq);
  out += "# HELP writ_policies_loaded Policies loaded and checked.\n";
  out += "# TYPE writ_policies_loaded gauge\n";
  out += fmt::format("writ_policies_loaded {}\n", policies);
  return out;
}

}  // namespace writ::service
