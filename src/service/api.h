// The service's transport-neutral request and response: what a route handler receives and
// returns. The HTTP layer (http_server.cc) maps them to and from cpp-httplib.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/types.h"

namespace writ::service {

struct ApiRequest {
  std::string method;  // GET, POST, ...
  std::string path;
  std::vector<std::string> params;  // path parameters captured by the route, in order
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  store::TokenInfo token;  // the authenticated caller (routes that need no token: empty id)
  std::string header(std::string_view name) const;
  std::string query_param(std::string_view name) const;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// A JSON error with a stable code: {"error": {"code", "message", "field"?}}.
ApiResponse error_response(int status, std::string_view code, std::string_view message,
                           std::string_view field = {});
ApiResponse json_response(int status, std::string body);

}  // namespace writ::service
