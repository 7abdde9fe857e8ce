// `writ serve`: the decision service over HTTP (cpp-httplib). Routing, authentication,
// role checks, limits and metrics are here; the operations are in decision_service.h.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "store/store.h"
#include "writ/engine.h"
#include "writ/result.h"

namespace writ::service {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;               // 0: any free port (see HttpServer::port())
  std::string web_dir;           // built UI assets (index.html, assets/); "" = no UI
  std::string openapi_path;      // served at /openapi.yaml; "" = not served
  size_t max_body = 1 << 20;     // larger bodies get 413
  int read_timeout_seconds = 5;  // a client that stops sending is dropped after this
  // A connection that completes no request for this long (a client trickling its request or
  // reading its answer slowly) is shut down; see request_deadline.h. 0: no deadline.
  int request_deadline_seconds = 30;
  int threads = 64;  // connections served at once
};

class HttpServer {
 public:
  HttpServer(const Engine& engine, store::Store& store, ServeOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket; kIo when the address is taken or invalid.
  Result<Ok> bind();
  int port() const;
  // Serves until stop() (from another thread or a signal handler's thread).
  Result<Ok> run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace writ::service
