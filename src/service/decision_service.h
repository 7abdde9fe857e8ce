// The service's operations, independent of HTTP: submit a case, read, list, review, record
// what happened, print the memo, list policies, compute the statutory reports, manage tokens.
// Each takes an authenticated ApiRequest (the router has already checked the role's
// permission) and returns an ApiResponse; nothing here throws or crashes on user input.
#pragma once

#include <nlohmann/json.hpp>

#include "service/api.h"
#include "service/metrics.h"
#include "store/store.h"
#include "writ/engine.h"

namespace writ::service {

class DecisionService {
 public:
  DecisionService(const Engine& engine, store::Store& store, Metrics* metrics = nullptr)
      : engine_(engine), store_(store), metrics_(metrics) {}

  ApiResponse submit(const ApiRequest& r);        // POST /v1/decisions
  ApiResponse get(const ApiRequest& r);           // GET /v1/decisions/{id}
  ApiResponse list(const ApiRequest& r);          // GET /v1/decisions
  ApiResponse review(const ApiRequest& r);        // POST /v1/decisions/{id}/review
  ApiResponse event(const ApiRequest& r);         // POST /v1/decisions/{id}/events
  ApiResponse memo(const ApiRequest& r);          // GET /v1/decisions/{id}/memo
  ApiResponse policies(const ApiRequest& r);      // GET /v1/policies
  ApiResponse report(const ApiRequest& r);        // GET /v1/reports/{report}
  ApiResponse reports(const ApiRequest& r);       // GET /v1/reports
  ApiResponse create_token(const ApiRequest& r);  // POST /v1/tokens
  ApiResponse list_tokens(const ApiRequest& r);   // GET /v1/tokens
  ApiResponse revoke_token(const ApiRequest& r);  // DELETE /v1/tokens/{id}

 private:
  // The stored decision `id` if the caller's agency may see it; else the error response.
  struct Found;
  Found find(const ApiRequest& r, const std::string& id);
  // Appends a review or event about the decision named by the route, then answers with the
  // decision as it now stands.
  ApiResponse append_about(const ApiRequest& r, store::EntryKind kind, const std::string& action,
                           const std::string& outcome, const nlohmann::ordered_json& body);

  const Engine& engine_;
  store::Store& store_;
  Metrics* metrics_;
};

}  // namespace writ::service
