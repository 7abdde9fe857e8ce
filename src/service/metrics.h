// Counters and a latency histogram of the service, rendered as Prometheus text.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace writ::service {

class Metrics {
 public:
  // One request answered: its route pattern (e.g. "POST /v1/decisions"), status and duration.
  void observe(const std::string& route, int status, double seconds);
  // A decision stored, by policy and outcome.
  void decision(const std::string& policy, const std::string& outcome);
  // Prometheus text exposition format (version 0.0.4).
  std::string render(int64_t last_seq, size_t policies) const;

  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, uint64_t> decisions_;
  std::array<uint64_t, kBuckets.size() + 1> buckets_{};  // last: +Inf
  double sum_ = 0;
  uint64_t count_ = 0;
};

}  // namespace writ::service
