#include "service/decision_service.h"

#include <charconv>

#include <fmt/format.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "base/json_writer.h"
#include "decision/decision_json.h"
#include "report/escape.h"
#include "service/access.h"
#include "statutory/annual_report.h"
#include "statutory/render.h"
#include "statutory/report_facts.h"

namespace writ::service {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

std::string dump(const ojson& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

ojson parse_or_null(const std::string& text) {
  ojson j = ojson::parse(text, nullptr, false);
  return j.is_discarded() ? ojson() : j;
}

ApiResponse from_engine_error(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kLimit:
      return error_response(400, "invalid_case", e.message, e.pointer);
    case ErrorCode::kNotFound:
      return error_response(422, "unknown_policy", e.message, "/agency");
    case ErrorCode::kNoVersion:
      return error_response(422, "no_version_in_force", e.message, "/request/presented_at");
    case ErrorCode::kConflict:
      return error_response(409, "policy_conflict", e.message);
    case ErrorCode::kIo:
      return error_response(503, "store_unavailable", e.message);
    case ErrorCode::kInvalidPolicy:
    case ErrorCode::kInternal:
      break;
  }
  return error_response(500, "internal", e.message);
}

ojson entry_json(const store::Entry& e) {
  ojson j = {{"id", e.id},
             {"seq", e.seq},
             {"kind", store::to_string(e.kind)},
             {"action", e.action},
             {"created_at", e.created_at},
             {"actor", e.actor_token},
             {"role", e.actor_role},
             {"hash", e.hash}};
  if (!e.outcome.empty()) j["outcome"] = e.outcome;
  ojson body = parse_or_null(e.body);
  if (body.is_object()) {
    for (auto& [k, v] : body.items()) {
      if (!j.contains(k)) j[k] = v;
    }
  }
  return j;
}

// A decision as the API shows it. `personal` is the stored personal JSON (null when erased or
// not to be shown).
ojson record_json(const store::DecisionRecord& r, const ojson& personal, bool with_personal) {
  ojson body = parse_or_null(r.decision.body);
  ojson decision = body.is_object() ? body : ojson::object();
  decision.erase("report");
  if (with_personal && personal.is_object() && personal.contains("case") &&
      personal["case"].is_object() && personal["case"].contains("id")) {
    decision["case"] = personal["case"]["id"];
  }
  ojson out = {{"id", r.decision.id},
               {"seq", r.decision.seq},
               {"hash", r.decision.hash},
               {"created_at", r.decision.created_at},
               {"agency", r.decision.agency},
               {"policy", r.decision.policy},
               {"outcome", r.decision.outcome},
               {"final_outcome", r.final_outcome},
               {"state", store::to_string(r.state)},
               {"decision", std::move(decision)},
               {"reviews", ojson::array()},
               {"events", ojson::array()}};
  for (const auto& e : r.reviews) out["reviews"].push_back(entry_json(e));
  for (const auto& e : r.events) out["events"].push_back(entry_json(e));
  if (with_personal) {
    out["personal_erased"] = !personal.is_object();
    if (personal.is_object()) {
      out["case"] = personal.value("case", ojson());
      if (personal.contains("memo_name")) out["memo_name"] = personal["memo_name"];
    }
  }
  return out;
}

// The answer to a new decision, written in one pass from what submit already holds: the
// decision, its entry, and the case exactly as it was sent (spliced in, not copied into a JSON
// tree). Same shape as record_json with personal fields.
std::string new_decision_json(const store::Entry& e, const Decision& d, const std::string& raw_case,
                              const std::string& memo_name) {
  std::string text;
  text.reserve(2 * raw_case.size() + 4096);
  JsonWriter w(text);
  w.begin_object();
  w.key("id");
  w.value(e.id);
  w.key("seq");
  w.value(e.seq);
  w.key("hash");
  w.value(e.hash);
  w.key("created_at");
  w.value(e.created_at);
  w.key("agency");
  w.value(e.agency);
  w.key("policy");
  w.value(e.policy);
  w.key("outcome");
  w.value(e.outcome);
  w.key("final_outcome");
  w.value(e.outcome);
  w.key("state");
  w.value(store::to_string(store::DecisionState::kPendingReview));
  w.key("decision");
  w.begin_object();
  write_decision_members(w, d, false);
  w.key("case");
  w.value(d.case_id);
  w.end_object();
  w.key("reviews");
  w.begin_array();
  w.end_array();
  w.key("events");
  w.begin_array();
  w.end_array();
  w.key("personal_erased");
  w.value(false);
  w.key("case");
  w.raw(raw_case);
  if (!memo_name.empty()) {
    w.key("memo_name");
    w.value(memo_name);
  }
  w.end_object();
  text += '\n';
  return text;
}

ojson summary_json(const store::DecisionRecord& r) {
  ojson body = parse_or_null(r.decision.body);
  ojson facts = body.is_object() ? body.value("report", ojson()) : ojson();
  return {{"id", r.decision.id},
          {"seq", r.decision.seq},
          {"created_at", r.decision.created_at},
          {"agency", r.decision.agency},
          {"policy", r.decision.policy},
          {"request_kind", facts.is_object() ? facts.value("request_kind", ojson()) : ojson()},
          {"outcome", r.decision.outcome},
          {"final_outcome", r.final_outcome},
          {"state", store::to_string(r.state)}};
}

// A parsed JSON value as nlohmann-json holds it (for the small parts the reports read).
json to_nlohmann(const simdjson::dom::element& e) {
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY: {
      json out = json::array();
      for (simdjson::dom::element item : simdjson::dom::array(e)) out.push_back(to_nlohmann(item));
      return out;
    }
    case simdjson::dom::element_type::OBJECT: {
      json out = json::object();
      for (auto field : simdjson::dom::object(e))
        out[std::string(field.key)] = to_nlohmann(field.value);
      return out;
    }
    case simdjson::dom::element_type::INT64:
      return int64_t(e);
    case simdjson::dom::element_type::UINT64:
      return uint64_t(e);
    case simdjson::dom::element_type::DOUBLE:
      return double(e);
    case simdjson::dom::element_type::STRING:
      return std::string(std::string_view(e));
    case simdjson::dom::element_type::BOOL:
      return bool(e);
    case simdjson::dom::element_type::NULL_VALUE:
      break;
  }
  return nullptr;
}

bool is_iso_datetime(const std::string& s) {
  // YYYY-MM-DDTHH:MM[:SS[.fff]] followed by Z or ±HH:MM
  if (s.size() < 17 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  char last = s.back();
  return last == 'Z' || (s.size() >= 22 && (s[s.size() - 6] == '+' || s[s.size() - 6] == '-'));
}

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

const char* kInformationTypes[] = {"release_date", "incarceration_status", "court_date", "other"};

}  // namespace

struct DecisionService::Found {
  std::optional<store::DecisionRecord> record;
  ApiResponse error;
};

DecisionService::Found DecisionService::find(const ApiRequest& r, const std::string& id) {
  auto rec = store_.get_decision(id);
  if (!rec) return {std::nullopt, from_engine_error(rec.error())};
  // Another agency's decision is reported as absent, not forbidden: ids are not disclosed.
  if (!*rec || !same_agency(r.token, (*rec)->decision.agency)) {
    return {std::nullopt, error_response(404, "not_found", fmt::format("no decision {}", id))};
  }
  return {std::move(**rec), {}};
}

ApiResponse DecisionService::submit(const ApiRequest& r) {
  // The body is read here only for its agency and the request facts the reports count; the
  // engine decodes the case itself. simdjson: this runs on every decision.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string normalized;
  if (parser.parse(r.body).get(doc)) {
    // simdjson refuses integers beyond 64 bits, which JSON allows: such a document is read as
    // nlohmann-json reads it and goes on to the engine, which names the field.
    json j;
    try {
      j = json::parse(r.body);
    } catch (const json::exception& e) {
      // nlohmann-json says where: "parse error at line 1, column 22: ...".
      return error_response(400, "invalid_json",
                            fmt::format("the body is not valid JSON: {}", e.what()));
    }
    normalized = j.dump();
    if (parser.parse(normalized).get(doc)) {
      return error_response(400, "invalid_json", "the body is not valid JSON");
    }
  }
  simdjson::dom::object c;
  if (doc.get_object().get(c)) {
    return error_response(400, "invalid_case", "a writ-case/1 case is a JSON object", "");
  }
  std::string_view agency;
  if (c.at_key("agency").get_string().get(agency)) {
    return error_response(400, "invalid_case",
                          "the case must name its agency (the policy that decides it)", "/agency");
  }
  std::string policy(agency);
  if (!engine_.has_policy(policy)) {
    return error_response(422, "unknown_policy", fmt::format("no policy '{}'", policy), "/agency");
  }
  if (!same_agency(r.token, policy)) {
    return error_response(403, "agency_mismatch",
                          fmt::format("this token submits for {}, not {}", r.token.agency, policy),
                          "/agency");
  }
  // The reports read only the request.
  json request_part = json::object();
  if (simdjson::dom::element request; !c.at_key("request").get(request)) {
    request_part["request"] = to_nlohmann(request);
  }
  std::optional<store::IdempotencyKey> idem;
  if (std::string key = r.header("idempotency-key"); !key.empty()) {
    if (key.size() > 200) {
      return error_response(400, "invalid_idempotency_key",
                            "an Idempotency-Key is at most 200 characters");
    }
    idem = store::IdempotencyKey{r.token.id, key, store::request_digest(r.body)};
    auto seen = store_.find_idempotent(*idem);
    if (!seen) return from_engine_error(seen.error());
    if (*seen) {
      if ((*seen)->status == store::IdempotencyStatus::kMismatch) {
        return error_response(422, "idempotency_key_reused",
                              "this Idempotency-Key was used for a different request");
      }
      auto rec = store_.get_decision((*seen)->entry.id);
      if (!rec || !*rec) return error_response(500, "internal", "stored decision not found");
      auto personal = store_.personal((*seen)->entry.id);
      ojson p = personal && *personal ? parse_or_null(**personal) : ojson();
      ApiResponse out = json_response(200, dump(record_json(**rec, p, true)));
      out.headers.push_back({"Location", "/v1/decisions/" + (*seen)->entry.id});
      out.headers.push_back({"Idempotent-Replayed", "true"});
      return out;
    }
  }

  DecideOptions opts;
  opts.facts = {std::string(statutory::kVscDefinition),
                std::string(statutory::kWatchlistDefinition)};
  if (std::string as_of = r.query_param("as_of"); !as_of.empty()) {
    if (!is_iso_date(as_of)) {
      return error_response(400, "invalid_as_of", "as_of is a date, YYYY-MM-DD", "as_of");
    }
    opts.as_of = as_of;
  }
  auto d = engine_.decide(policy, r.body, opts);
  if (!d) return from_engine_error(d.error());

  // The stored body: the decision without the case id (which identifies the person, so it is
  // kept with the case) and with the facts the statutory reports count.
  std::string report = statutory::report_facts(request_part, *d)
                           .dump(-1, ' ', false, json::error_handler_t::replace);
  // The personal record: the case as sent (it parsed, so it is valid JSON) and the memo name.
  std::string memo_name = r.header("x-writ-memo-name");
  std::string personal = "{\"case\":" + r.body;
  if (!memo_name.empty()) {
    personal += ",\"memo_name\":";
    JsonWriter::escape(personal, memo_name);
  }
  personal += "}";
  store::NewEntry e;
  e.kind = store::EntryKind::kDecision;
  e.actor_token = r.token.id;
  e.actor_role = std::string(store::to_string(r.token.role));
  e.agency = policy;
  e.policy = fmt::format("{}@{}", d->policy.id, d->policy.version);
  e.outcome = d->outcome;
  {
    JsonWriter w(e.body);
    w.begin_object();
    write_decision_members(w, *d, false);
    w.key("report");
    w.raw(report);
    w.end_object();
  }
  e.personal = std::move(personal);
  auto appended = store_.append(std::move(e), idem);
  if (!appended) return from_engine_error(appended.error());
  if (appended->status == store::IdempotencyStatus::kMismatch) {
    return error_response(422, "idempotency_key_reused",
                          "this Idempotency-Key was used for a different request");
  }
  if (metrics_ && appended->status == store::IdempotencyStatus::kNew) {
    metrics_->decision(policy, d->outcome);
  }
  if (appended->status != store::IdempotencyStatus::kNew) {
    // A retry that raced its first attempt: answer with the stored decision as it is now.
    auto rec = store_.get_decision(appended->entry.id);
    if (!rec || !*rec) return error_response(500, "internal", "stored decision not found");
    auto stored = store_.personal(appended->entry.id);
    ojson p = stored && *stored ? parse_or_null(**stored) : ojson();
    ApiResponse out = json_response(200, dump(record_json(**rec, p, true)));
    out.headers.push_back({"Location", "/v1/decisions/" + appended->entry.id});
    return out;
  }
  ApiResponse out = json_response(201, new_decision_json(appended->entry, *d, r.body, memo_name));
  out.headers.push_back({"Location", "/v1/decisions/" + appended->entry.id});
  return out;
}

ApiResponse DecisionService::get(const ApiRequest& r) {
  Found f = find(r, r.params.at(0));
  if (!f.record) return f.error;
  auto personal = store_.personal(f.record->decision.id);
  if (!personal) return from_engine_error(personal.error());
  ojson p = *personal ? parse_or_null(**personal) : ojson();
  return json_response(200, dump(record_json(*f.record, p, true)));
}

ApiResponse DecisionService::list(const ApiRequest& r) {
  store::DecisionFilter f;
  f.from = r.query_param("from");
  f.to = r.query_param("to");
  for (const auto* d : {&f.from, &f.to}) {
    if (!d->empty() && !is_iso_date(*d)) {
      return error_response(400, "invalid_query", "from and to are dates, YYYY-MM-DD",
                            d == &f.from ? "from" : "to");
    }
  }
  f.outcome = r.query_param("outcome");
  if (!f.outcome.empty() && f.outcome != "honor" && f.outcome != "decline" &&
      f.outcome != "review") {
    return error_response(400, "invalid_query", "outcome is honor, decline or review", "outcome");
  }
  f.policy = r.query_param("policy");
  f.agency = r.token.agency.empty() ? r.query_param("agency") : r.token.agency;
  if (std::string s = r.query_param("state"); !s.empty()) {
    f.state = store::parse_decision_state(s);
    if (!f.state) {
      return error_response(400, "invalid_query",
                            "state is pending_review, signed_off or overridden", "state");
    }
  }
  f.cursor = r.query_param("cursor");
  if (std::string l = r.query_param("limit"); !l.empty()) {
    int n = 0;
    auto [p, ec] = std::from_chars(l.data(), l.data() + l.size(), n);
    if (ec != std::errc() || p != l.data() + l.size() || n < 1 || n > 1000) {
      return error_response(400, "invalid_query", "limit is a number from 1 to 1000", "limit");
    }
    f.limit = n;
  }
  auto page = store_.list_decisions(f);
  if (!page) {
    if (page.error().code == ErrorCode::kInvalidInput) {
      return error_response(400, "invalid_query", page.error().message, "cursor");
    }
    return from_engine_error(page.error());
  }
  ojson items = ojson::array();
  for (const auto& rec : page->items) items.push_back(summary_json(rec));
  ojson out = {{"items", std::move(items)}};
  out["next_cursor"] = page->next_cursor.empty() ? ojson() : ojson(page->next_cursor);
  return json_response(200, dump(out));
}

ApiResponse DecisionService::append_about(const ApiRequest& r, store::EntryKind kind,
                                          const std::string& action, const std::string& outcome,
                                          const nlohmann::ordered_json& body) {
  Found f = find(r, r.params.at(0));
  if (!f.record) return f.error;
  store::NewEntry e;
  e.kind = kind;
  e.subject = f.record->decision.id;
  e.action = action;
  e.actor_token = r.token.id;
  e.actor_role = std::string(store::to_string(r.token.role));
  e.agency = f.record->decision.agency;
  e.policy = f.record->decision.policy;
  e.outcome = outcome;
  e.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  auto appended = store_.append(std::move(e));
  if (!appended) return from_engine_error(appended.error());
  auto rec = store_.get_decision(f.record->decision.id);
  if (!rec || !*rec) return error_response(500, "internal", "stored decision not found");
  return json_response(201, dump(record_json(**rec, ojson(), false)));
}

ApiResponse DecisionService::review(const ApiRequest& r) {
  json b = json::parse(r.body, nullptr, false);
  if (b.is_discarded() || !b.is_object()) {
    return error_response(400, "invalid_json", "the body is not a JSON object");
  }
  std::string action = b.value("action", "");
  if (action != store::kSignOff && action != store::kOverride) {
    return error_response(400, "invalid_review", "action is sign_off or override", "/action");
  }
  std::string outcome, reason;
  if (b.contains("reason") && !b["reason"].is_string()) {
    return error_response(400, "invalid_review", "reason is text", "/reason");
  }
  reason = b.value("reason", "");
  if (action == store::kOverride) {
    outcome = b.value("outcome", "");
    if (outcome != "honor" && outcome != "decline" && outcome != "review") {
      return error_response(400, "invalid_review",
                            "an override names the outcome: honor, decline or review", "/outcome");
    }
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      return error_response(400, "reason_required", "an override must give its reason in writing",
                            "/reason");
    }
  }
  if (reason.size() > 4000) {
    return error_response(400, "invalid_review", "the reason is at most 4000 characters",
                          "/reason");
  }
  return append_about(r, store::EntryKind::kReview, action, outcome, ojson{{"reason", reason}});
}

ApiResponse DecisionService::event(const ApiRequest& r) {
  json b = json::parse(r.body, nullptr, false);
  if (b.is_discarded() || !b.is_object()) {
    return error_response(400, "invalid_json", "the body is not a JSON object");
  }
  std::string type =
      b.contains("type") && b["type"].is_string() ? b["type"].get<std::string>() : "";
  bool known = false;
  for (auto t : store::kEventTypes) known = known || t == type;
  if (!known) {
    return error_response(
        400, "invalid_event",
        "type is held, transferred, released, custody_not_assumed or information_given", "/type");
  }
  std::string at = b.contains("at") && b["at"].is_string() ? b["at"].get<std::string>() : "";
  if (!is_iso_datetime(at)) {
    return error_response(400, "invalid_event",
                          "at is the date-time it happened, e.g. 2024-03-04T14:00:00-05:00", "/at");
  }
  ojson body = {{"type", type}, {"at", at}};
  if (type == "information_given") {
    std::string info = b.value("information", "");
    bool ok = false;
    for (const char* t : kInformationTypes) ok = ok || info == t;
    if (!ok) {
      return error_response(
          400, "invalid_event",
          "information is release_date, incarceration_status, court_date or other", "/information");
    }
    body["information"] = info;
  }
  return append_about(r, store::EntryKind::kEvent, type, "", body);
}

ApiResponse DecisionService::memo(const ApiRequest& r) {
  Found f = find(r, r.params.at(0));
  if (!f.record) return f.error;
  auto personal = store_.personal(f.record->decision.id);
  if (!personal) return from_engine_error(personal.error());
  ojson p = *personal ? parse_or_null(**personal) : ojson();
  if (!p.is_object() || !p.contains("case")) {
    return error_response(410, "personal_data_erased",
                          "the case of this decision was erased after its retention period; the "
                          "decision itself is still in the log");
  }
  // The memo is the decision re-derived from the stored case on the date it was decided; the
  // policy digest shows whether the policy text has changed since.
  ojson stored = parse_or_null(f.record->decision.body);
  DecideOptions opts;
  if (stored.is_object() && stored.contains("as_of") && stored["as_of"].is_string()) {
    opts.as_of = stored["as_of"].get<std::string>();
  }
  std::string policy = f.record->decision.policy.substr(0, f.record->decision.policy.find('@'));
  auto d = engine_.decide(policy, p["case"].dump(), opts);
  if (!d) return from_engine_error(d.error());
  std::string text = to_memo(*d);
  std::string stored_digest =
      stored.is_object() && stored.contains("policy") ? stored["policy"].value("digest", "") : "";
  if (!stored_digest.empty() && stored_digest != d->policy.digest) {
    text += "\nNOTE: the policy text has changed since this decision was made (" + stored_digest +
            " then, " + d->policy.digest + " now); the stored decision is the record.\n";
  }
  text += fmt::format("\nDecision {} (log entry {}, {}), state: {}, final outcome: {}.\n",
                      f.record->decision.id, f.record->decision.seq, f.record->decision.created_at,
                      store::to_string(f.record->state), f.record->final_outcome);
  for (const auto& rv : f.record->reviews) {
    ojson b = parse_or_null(rv.body);
    text += fmt::format(
        "Review {} by {} ({}) at {}{}{}\n", rv.action, rv.actor_token, rv.actor_role, rv.created_at,
        rv.outcome.empty() ? "" : ": outcome " + rv.outcome,
        b.is_object() && !b.value("reason", "").empty() ? ". Reason: " + b.value("reason", "")
                                                        : "");
  }
  if (r.query_param("format") == "text") return {200, "text/plain; charset=utf-8", text, {}};
  std::string name = p.value("memo_name", "");
  std::string html =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Decision memo " +
      report::html_escape(f.record->decision.id) +
      "</title><style>body{font:14px/1.4 Georgia,serif;max-width:46rem;margin:2rem auto}"
      "pre{white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace}"
      ".sig{margin-top:3rem;display:grid;grid-template-columns:1fr 1fr;gap:2rem}"
      ".sig div{border-top:1px solid #000;padding-top:.3rem}</style></head><body>"
      "<h1>Decision memo</h1>" +
      (name.empty() ? std::string() : "<p>Person: " + report::html_escape(name) + "</p>") +
      "<pre>" + report::html_escape(text) +
      "</pre><div class=\"sig\"><div>Records officer</div><div>Supervisor sign-off</div></div>"
      "</body></html>\n";
  return {200, "text/html; charset=utf-8", html, {}};
}

ApiResponse DecisionService::policies(const ApiRequest&) {
  ojson out = ojson::array();
  for (const auto& p : engine_.policies()) {
    ojson versions = ojson::array();
    for (const auto& v : p.versions) {
      versions.push_back(
          {{"from", v.from}, {"to", v.to.empty() ? ojson() : ojson(v.to)}, {"label", v.label}});
    }
    ojson sources = ojson::array();
    for (const auto& [title, url] : p.sources) sources.push_back({{"title", title}, {"url", url}});
    out.push_back({{"id", p.id},
                   {"title", p.title},
                   {"jurisdiction", p.jurisdiction},
                   {"agency", p.agency},
                   {"timezone", p.timezone},
                   {"digest", p.digest},
                   {"rules", p.rules},
                   {"versions", std::move(versions)},
                   {"sources", std::move(sources)}});
  }
  return json_response(200, dump(ojson{{"policies", std::move(out)}}));
}

ApiResponse DecisionService::reports(const ApiRequest&) {
  ojson out = ojson::array();
  for (const auto& k : statutory::report_kinds()) {
    out.push_back({{"id", k.id}, {"title", k.title}, {"policy", k.policy}, {"cite", k.cite}});
  }
  return json_response(200, dump(ojson{{"reports", std::move(out)}}));
}

ApiResponse DecisionService::report(const ApiRequest& r) {
  std::string period_text = r.query_param("period");
  if (period_text.empty()) {
    return error_response(400, "invalid_query",
                          "period is required, e.g. period=2024-2025 (July 1 to June 30)",
                          "period");
  }
  auto period = statutory::parse_period(period_text);
  if (!period) return error_response(400, "invalid_query", period.error().message, "period");
  std::string format = r.query_param("format");
  if (format.empty()) format = "json";
  if (format != "json" && format != "csv" && format != "html") {
    return error_response(400, "invalid_query", "format is json, csv or html", "format");
  }
  auto builder = statutory::AnnualReportBuilder::make(r.params.at(0), *period);
  if (!builder) return error_response(404, "not_found", builder.error().message);
  store::EntryRange range;
  range.to = period->to;
  auto ok = store_.for_each_decision(range, [&](const store::DecisionRecord& rec) {
    if (same_agency(r.token, rec.decision.agency)) builder->add(rec);
    return true;
  });
  if (!ok) return from_engine_error(ok.error());
  statutory::AnnualReport rep = builder->finish();
  if (format == "csv") return {200, "text/csv; charset=utf-8", statutory::to_csv(rep), {}};
  if (format == "html") return {200, "text/html; charset=utf-8", statutory::to_html(rep), {}};
  return json_response(200, statutory::to_json(rep));
}

ApiResponse DecisionService::create_token(const ApiRequest& r) {
  json b = json::parse(r.body, nullptr, false);
  if (b.is_discarded() || !b.is_object()) {
    return error_response(400, "invalid_json", "the body is not a JSON object");
  }
  auto role = store::parse_role(b.value("role", ""));
  if (!role) {
    return error_response(400, "invalid_token_request",
                          "role is officer, supervisor, analyst or admin", "/role");
  }
  std::string agency = b.contains("agency") && b["agency"].is_string()
                           ? b["agency"].get<std::string>()
                           : std::string();
  if (!agency.empty() && !engine_.has_policy(agency)) {
    return error_response(422, "unknown_policy", fmt::format("no policy '{}'", agency), "/agency");
  }
  auto t =
      store_.create_token(*role, agency, r.token.id, std::string(store::to_string(r.token.role)));
  if (!t) return from_engine_error(t.error());
  ojson out = {{"id", t->info.id},
               {"role", store::to_string(t->info.role)},
               {"agency", t->info.agency},
               {"created_at", t->info.created_at},
               {"secret", t->secret}};
  return json_response(201, dump(out));
}

ApiResponse DecisionService::list_tokens(const ApiRequest&) {
  auto list = store_.list_tokens();
  if (!list) return from_engine_error(list.error());
  ojson out = ojson::array();
  for (const auto& t : *list) {
    out.push_back({{"id", t.id},
                   {"role", store::to_string(t.role)},
                   {"agency", t.agency},
                   {"created_at", t.created_at},
                   {"revoked_at", t.revoked_at.empty() ? ojson() : ojson(t.revoked_at)}});
  }
  return json_response(200, dump(ojson{{"tokens", std::move(out)}}));
}

ApiResponse DecisionService::revoke_token(const ApiRequest& r) {
  auto t =
      store_.revoke_token(r.params.at(0), r.token.id, std::string(store::to_string(r.token.role)));
  if (!t) {
    if (t.error().code == ErrorCode::kNotFound) {
      return error_response(404, "not_found", t.error().message);
    }
    return from_engine_error(t.error());
  }
  return json_response(200, dump(ojson{{"id", t->id}, {"revoked_at", t->revoked_at}}));
}

}  // namespace writ::service
