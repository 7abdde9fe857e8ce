#include "service/http_server.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <httplib.h>

#include "service/access.h"
#include "service/api.h"
#include "service/decision_service.h"
#include "service/metrics.h"
#include "service/request_deadline.h"

namespace writ::service {
namespace {

namespace fs = std::filesystem;

struct Route {
  std::string method;
  std::string pattern;  // for metrics and Allow
  std::regex re;
  std::optional<Permission> permission;  // nullopt: no token needed
  std::function<ApiResponse(DecisionService&, const ApiRequest&)> handler;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string content_type_for(const fs::path& p) {
  std::string ext = lower(p.extension().string());
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

struct HttpServer::Impl {
  Impl(const Engine& e, store::Store& s, ServeOptions o)
      : engine(e),
        store(s),
        options(std::move(o)),
        service(e, s, &metrics),
        deadline(std::chrono::seconds(options.request_deadline_seconds),
                 [this] { metrics.observe("deadline", 408, 0); }) {}

  const Engine& engine;
  store::Store& store;
  ServeOptions options;
  Metrics metrics;
  DecisionService service;
  RequestDeadline deadline;
  httplib::Server server;
  std::vector<Route> routes;
  int port = 0;

  void add(std::string method, std::string pattern, std::optional<Permission> perm,
           std::function<ApiResponse(DecisionService&, const ApiRequest&)> h) {
    std::string re =
        "^" + std::regex_replace(pattern, std::regex(R"(\{[a-z_]+\})"), "([^/]+)") + "$";
    routes.push_back({std::move(method), std::move(pattern), std::regex(re), perm, std::move(h)});
  }

  void define_routes() {
    using P = Permission;
    using S = DecisionService;
    add("POST", "/v1/decisions", P::kSubmit, &S::submit);
    add("GET", "/v1/decisions", P::kReadDecision, &S::list);
    add("GET", "/v1/decisions/{id}", P::kReadDecision, &S::get);
    add("POST", "/v1/decisions/{id}/review", P::kReview, &S::review);
    add("POST", "/v1/decisions/{id}/events", P::kRecordEvent, &S::event);
    add("GET", "/v1/decisions/{id}/memo", P::kReadDecision, &S::memo);
    add("GET", "/v1/policies", P::kPolicies, &S::policies);
    add("GET", "/v1/reports", P::kReports, &S::reports);
    add("GET", "/v1/reports/{report}", P::kReports, &S::report);
    add("POST", "/v1/tokens", P::kAdmin, &S::create_token);
    add("GET", "/v1/tokens", P::kAdmin, &S::list_tokens);
    add("DELETE", "/v1/tokens/{id}", P::kAdmin, &S::revoke_token);
    add("GET", "/v1/whoami", P::kPolicies, [](S&, const ApiRequest& r) {
      return json_response(200,
                           fmt::format(R"({{"id":"{}","role":"{}","agency":"{}"}})"
                                       "\n",
                                       r.token.id, store::to_string(r.token.role), r.token.agency));
    });
    add("GET", "/healthz", std::nullopt, [this](S&, const ApiRequest&) {
      auto seq = store.last_seq();
      if (!seq) return error_response(503, "store_unavailable", seq.error().message);
      return json_response(200, fmt::format(R"({{"status":"ok","last_seq":{},"policies":{}}})"
                                            "\n",
                                            *seq, engine.policies().size()));
    });
    add("GET", "/metrics", std::nullopt, [this](S&, const ApiRequest&) {
      auto seq = store.last_seq();
      return ApiResponse{200,
                         "text/plain; version=0.0.4; charset=utf-8",
                         metrics.render(seq ? *seq : -1, engine.policies().size()),
                         {}};
    });
    add("GET", "/openapi.yaml", std::nullopt, [this](S&, const ApiRequest&) {
      std::string text;
      if (options.openapi_path.empty() || !read_file(options.openapi_path, text)) {
        return error_response(404, "not_found", "the OpenAPI description is not installed");
      }
      return ApiResponse{200, "application/yaml; charset=utf-8", std::move(text), {}};
    });
  }

  // The authenticated token, or the error to answer with.
  std::optional<ApiResponse> authenticate(const httplib::Request& req, ApiRequest& ar) {
    std::string auth = req.get_header_value("Authorization");
    if (auth.size() <= 7 || lower(auth.substr(0, 7)) != "bearer ") {
      auto r = error_response(401, "unauthenticated",
                              "send an API token: Authorization: Bearer writ_...");
      r.headers.push_back({"WWW-Authenticate", "Bearer"});
      return r;
    }
    auto t = store.authenticate(auth.substr(7));
    if (!t) return error_response(503, "store_unavailable", t.error().message);
    if (!*t) {
      auto r = error_response(401, "unauthenticated", "the token is unknown or revoked");
      r.headers.push_back({"WWW-Authenticate", "Bearer error=\"invalid_token\""});
      return r;
    }
    ar.token = **t;
    return std::nullopt;
  }

  ApiResponse serve_static(const std::string& path) {
    if (options.web_dir.empty()) {
      return error_response(404, "not_found", "no web UI is installed (build web/ first)");
    }
    if (path.find("..") != std::string::npos || path.find('\\') != std::string::npos) {
      return error_response(404, "not_found", "no such file");
    }
    fs::path root(options.web_dir);
    fs::path file = root / (path == "/" ? std::string("index.html") : path.substr(1));
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      // The UI routes its own pages: any other page path gets the application.
      if (path.rfind("/assets/", 0) == 0) return error_response(404, "not_found", "no such file");
      file = root / "index.html";
    }
    std::string body;
    if (!read_file(file, body)) return error_response(404, "not_found", "no such file");
    ApiResponse r{200, content_type_for(file), std::move(body), {}};
    r.headers.push_back({"X-Content-Type-Options", "nosniff"});
    return r;
  }

  ApiResponse dispatch(const httplib::Request& req, std::string& route_name) {
    ApiRequest ar;
    ar.method = req.method;
    ar.path = req.path;
    std::vector<const Route*> on_path;
    const Route* route = nullptr;
    std::smatch m;
    for (const auto& r : routes) {
      if (!std::regex_match(req.path, m, r.re)) continue;
      on_path.push_back(&r);
      if (r.method == req.method) {
        route = &r;
        ar.params.assign(m.begin() + 1, m.end());
        break;
      }
    }
    if (!route) {
      if (on_path.empty()) {
        route_name = "unmatched";
        bool api = req.path.rfind("/v1/", 0) == 0 || req.path == "/v1";
        if (!api && (req.method == "GET" || req.method == "HEAD")) {
          route_name = "GET /static";
          return serve_static(req.path);
        }
        return error_response(404, "not_found", fmt::format("no route {}", req.path));
      }
      route_name = "wrong method";
      std::string allow;
      for (const auto* r : on_path) allow += (allow.empty() ? "" : ", ") + r->method;
      auto res = error_response(
          405, "method_not_allowed",
          fmt::format("{} does not accept {} (allowed: {})", req.path, req.method, allow));
      res.headers.push_back({"Allow", allow});
      return res;
    }
    route_name = route->method + " " + route->pattern;
    for (const auto& [k, v] : req.params) ar.query.emplace(k, v);
    for (const auto& [k, v] : req.headers) ar.headers.emplace(lower(k), v);
    if (route->method == "POST") {
      std::string ct = lower(req.get_header_value("Content-Type"));
      if (ct.rfind("application/json", 0) != 0) {
        return error_response(415, "unsupported_media_type", "send the body as application/json");
      }
      ar.body = req.body;
    }
    if (route->permission) {
      if (auto err = authenticate(req, ar)) return *err;
      if (!allowed(ar.token.role, *route->permission)) {
        return error_response(403, "forbidden",
                              fmt::format("a {} token may not {}", store::to_string(ar.token.role),
                                          permission_name(*route->permission)));
      }
    }
    return route->handler(service, ar);
  }

  void install() {
    define_routes();
    server.new_task_queue = [n = options.threads] { return new httplib::ThreadPool(n); };
    server.set_payload_max_length(options.max_body);
    server.set_read_timeout(options.read_timeout_seconds, 0);
    server.set_write_timeout(options.read_timeout_seconds, 0);
    server.set_keep_alive_max_count(10000);
    server.set_keep_alive_timeout(5);
    // Headers and body go out in separate writes: without TCP_NODELAY the body waits for the
    // client's delayed ACK (40 ms on Linux) on every keep-alive response.
    server.set_tcp_nodelay(true);
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      auto start = std::chrono::steady_clock::now();
      deadline.begin_request(req.remote_addr, req.remote_port);
      struct End {
        RequestDeadline& d;
        const httplib::Request& r;
        ~End() { d.end_request(r.remote_addr, r.remote_port); }
      } end{deadline, req};
      std::string route_name;
      ApiResponse ar;
      try {
        ar = dispatch(req, route_name);
      } catch (const std::exception& e) {
        ar = error_response(500, "internal", fmt::format("internal error: {}", e.what()));
      }
      res.status = ar.status;
      for (const auto& [k, v] : ar.headers) res.set_header(k, v);
      res.set_content(std::move(ar.body), ar.content_type);
      metrics.observe(
          route_name, ar.status,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
    for (const char* pattern : {".*"}) {
      server.Get(pattern, handler);
      server.Post(pattern, handler);
      server.Put(pattern, handler);
      server.Patch(pattern, handler);
      server.Delete(pattern, handler);
      server.Options(pattern, handler);
    }
    // Errors cpp-httplib answers itself (413 body too large, 400 malformed request line, ...):
    // the same JSON error shape.
    server.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      std::string code = res.status == 413   ? "payload_too_large"
                         : res.status == 414 ? "uri_too_long"
                         : res.status == 408 ? "request_timeout"
                         : res.status == 404 ? "not_found"
                                             : "bad_request";
      auto ar = error_response(
          res.status, code,
          res.status == 413
              ? fmt::format("the body is over the limit of {} bytes", options.max_body)
              : fmt::format("the request was refused (HTTP {})", res.status));
      res.set_content(ar.body, ar.content_type);
      metrics.observe("rejected", res.status, 0);
    });
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          auto ar = error_response(500, "internal", "internal error");
          res.status = 500;
          res.set_content(ar.body, ar.content_type);
        });
  }
};

HttpServer::HttpServer(const Engine& engine, store::Store& store, ServeOptions options)
    : impl_(std::make_unique<Impl>(engine, store, std::move(options))) {
  impl_->install();
}

HttpServer::~HttpServer() {
  stop();
}

Result<Ok> HttpServer::bind() {
  if (impl_->options.port == 0) {
    int p = impl_->server.bind_to_any_port(impl_->options.host);
    if (p <= 0)
      return make_error(ErrorCode::kIo, fmt::format("cannot listen on {}", impl_->options.host));
    impl_->port = p;
    impl_->deadline.start(p);
    return Ok{};
  }
  if (!impl_->server.bind_to_port(impl_->options.host, impl_->options.port)) {
    return make_error(ErrorCode::kIo,
                      fmt::format("cannot listen on {}:{} (in use, or not an address "
                                  "of this machine)",
                                  impl_->options.host, impl_->options.port));
  }
  impl_->port = impl_->options.port;
  impl_->deadline.start(impl_->port);
  return Ok{};
}

int HttpServer::port() const {
  return impl_->port;
}

Result<Ok> HttpServer::run() {
  if (!impl_->server.listen_after_bind()) {
    return make_error(ErrorCode::kIo, "the server stopped listening");
  }
  return Ok{};
}

void HttpServer::stop() {
  if (!impl_) return;
  if (impl_->server.is_running()) impl_->server.stop();
  impl_->deadline.stop();
}

}  // namespace writ::service
