#include "service/request_deadline.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace writ::service {

namespace {

std::string peer_key(const std::string& addr, int port) {
  return addr + " " + std::to_string(port);
}

// The inode of the socket behind `fd` ("socket:[123]"), or 0 if it is not a socket.
unsigned long socket_inode(int fd) {
  char link[64];
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  ssize_t n = ::readlink(path.c_str(), link, sizeof link - 1);
  if (n <= 0) return 0;
  link[n] = '\0';
  std::string_view s(link, static_cast<size_t>(n));
  if (s.rfind("socket:[", 0) != 0) return 0;
  return std::strtoul(link + 8, nullptr, 10);
}

// The address and port of a socket's end (`peer` or local), or "" for another kind of socket.
std::string endpoint(int fd, bool peer, int* port) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
               : ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  if (r != 0) return "";
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
    *port = ntohs(a->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
    *port = ntohs(a->sin6_port);
  } else {
    return "";
  }
  return buf;
}

}  // namespace

RequestDeadline::RequestDeadline(std::chrono::milliseconds deadline, std::function<void()> on_drop)
    : deadline_(deadline), on_drop_(std::move(on_drop)) {}

RequestDeadline::~RequestDeadline() {
  stop();
}

void RequestDeadline::start(int port) {
  port_ = port;
  if (deadline_.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] {
    const auto every = std::max(deadline_ / 4, std::chrono::milliseconds(50));
    for (;;) {
      {
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, every, [&] { return stopping_; });
        if (stopping_) return;
      }
      sweep();
    }
  });
}

void RequestDeadline::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RequestDeadline::begin_request(const std::string& addr, int port) {
  std::lock_guard lock(mu_);
  ++peers_[peer_key(addr, port)].in_flight;
}

void RequestDeadline::end_request(const std::string& addr, int port) {
  std::lock_guard lock(mu_);
  Peer& p = peers_[peer_key(addr, port)];
  if (p.in_flight > 0) --p.in_flight;
  p.last_done = std::chrono::steady_clock::now();
}

int RequestDeadline::sweep() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& [inode, c] : sockets_) c.seen = false;
  std::error_code ec;
  std::vector<std::pair<int, unsigned long>> overdue;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = std::atoi(entry.path().filename().c_str());
    unsigned long inode = socket_inode(fd);
    if (inode == 0) continue;
    int local_port = 0, remote_port = 0;
    if (endpoint(fd, false, &local_port).empty() || local_port != port_) continue;
    std::string remote = endpoint(fd, true, &remote_port);
    if (remote.empty()) continue;  // the listening socket
    auto [it, fresh] = sockets_.try_emplace(inode);
    Connection& c = it->second;
    if (fresh) {
      c.peer = peer_key(remote, remote_port);
      c.first_seen = now;
    }
    c.seen = true;
    if (c.dropped) continue;
    auto last = c.first_seen;
    {
      std::lock_guard lock(mu_);
      auto p = peers_.find(c.peer);
      if (p != peers_.end()) {
        if (p->second.in_flight > 0) continue;  // being handled: never cut
        last = std::max(last, p->second.last_done);
      }
    }
    if (now - last > deadline_) overdue.emplace_back(fd, inode);
  }
  int dropped = 0;
  for (auto [fd, inode] : overdue) {
    // The fd may have been closed and reused since it was read: only the same socket is cut.
    if (socket_inode(fd) != inode) continue;
    ::shutdown(fd, SHUT_RDWR);
    sockets_[inode].dropped = true;
    ++dropped;
    if (on_drop_) on_drop_();
  }
  // Forget connections that are gone, and peers with no open connection and no request.
  std::lock_guard lock(mu_);
  std::erase_if(sockets_, [](const auto& kv) { return !kv.second.seen; });
  std::vector<std::string> open_peers;
  for (const auto& [inode, c] : sockets_) open_peers.push_back(c.peer);
  std::sort(open_peers.begin(), open_peers.end());
  std::erase_if(peers_, [&](const auto& kv) {
    return kv.second.in_flight == 0 &&
           !std::binary_search(open_peers.begin(), open_peers.end(), kv.first);
  });
  return dropped;
}

}  // namespace writ::service
