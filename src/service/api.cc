#include "service/api.h"

#include <nlohmann/json.hpp>

namespace writ::service {

std::string ApiRequest::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string ApiRequest::query_param(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string() : it->second;
}

ApiResponse error_response(int status, std::string_view code, std::string_view message,
                           std::string_view field) {
  nlohmann::ordered_json e = {{"code", code}, {"message", message}};
  if (!field.empty()) e["field"] = field;
  return {status,
          "application/json",
          nlohmann::ordered_json{{"error", std::move(e)}}.dump(
              -1, ' ', false, nlohmann::json::error_handler_t::replace) +
              "\n",
          {}};
}

ApiResponse json_response(int status, std::string body) {
  return {status, "application/json", std::move(body), {}};
}

}  // namespace writ::service
