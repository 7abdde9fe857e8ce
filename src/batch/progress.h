// A one-line progress display on stderr (records, records per second, share of bytes read), shown
// only when stderr is a terminal and redrawn at most five times a second.
#pragma once

#include <chrono>
#include <cstdint>

namespace writ::batch {

class Progress {
 public:
  explicit Progress(bool enabled, uint64_t total_bytes);
  // Redraws when due.
  void update(uint64_t records, uint64_t bytes_read);
  // Clears the line.
  void finish();
  // True when stderr is a terminal.
  static bool stderr_is_terminal();

 private:
  bool enabled_;
  uint64_t total_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace writ::batch
