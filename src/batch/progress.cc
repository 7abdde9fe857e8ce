#include "batch/progress.h"

#include <unistd.h>

#include <cstdio>

namespace writ::batch {

Progress::Progress(bool enabled, uint64_t total_bytes)
    : enabled_(enabled),
      total_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

bool Progress::stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

void Progress::update(uint64_t records, uint64_t bytes_read) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? static_cast<double>(records) / secs : 0;
  double pct = total_ ? 100.0 * static_cast<double>(bytes_read) / static_cast<double>(total_) : 0;
  std::fprintf(stderr, "\r\x1b[K  %llu records  %.0f records/s  %5.1f%% read",
               static_cast<unsigned long long>(records), rate, pct > 100 ? 100.0 : pct);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (drawn_) std::fprintf(stderr, "\r\x1b[K");
  drawn_ = false;
}

}  // namespace writ::batch
