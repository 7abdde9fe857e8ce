// A whole-request deadline for `writ serve`. cpp-httplib times each read of a request, not the
// request: a client that sends one byte every few seconds keeps a worker forever, and a few
// dozen such clients stop the service. RequestDeadline watches the server's connections and
// shuts down any that has not completed a request within the deadline since it was opened or
// since its last request finished (a request being handled is never cut). An idle keep-alive
// connection is closed by cpp-httplib itself long before (5 s), so what this ends is a client
// trickling a request, or reading its answer, slower than the deadline allows.
//
// Linux: the connections are found in /proc/self/fd (sockets whose local port is the server's
// and that have a peer), matched to requests by the peer's address and port.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace writ::service {

class RequestDeadline {
 public:
  // `on_drop` is called (from the watchdog thread) for each connection shut down.
  RequestDeadline(std::chrono::milliseconds deadline, std::function<void()> on_drop = {});
  ~RequestDeadline();
  RequestDeadline(const RequestDeadline&) = delete;
  RequestDeadline& operator=(const RequestDeadline&) = delete;

  // Starts watching the connections to local port `port`.
  void start(int port);
  void stop();

  // Called by the request handler with the peer's address and port.
  void begin_request(const std::string& addr, int port);
  void end_request(const std::string& addr, int port);

  // One round of the watchdog (the thread runs it every deadline / 4); returns how many
  // connections it shut down. Public for tests.
  int sweep();

 private:
  struct Peer {
    int in_flight = 0;
    std::chrono::steady_clock::time_point last_done{};
  };
  struct Connection {
    std::string peer;
    std::chrono::steady_clock::time_point first_seen;
    bool seen = false;     // in this round
    bool dropped = false;  // shut down; waiting for its worker to close it
  };

  std::chrono::milliseconds deadline_;
  std::function<void()> on_drop_;
  int port_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::map<std::string, Peer> peers_;            // by "addr port"; guarded by mu_
  std::map<unsigned long, Connection> sockets_;  // by socket inode; watchdog thread only
  std::thread thread_;
};

}  // namespace writ::service
