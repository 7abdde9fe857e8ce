// The decision service end to end over HTTP on loopback: a real engine (the bundled policies),
// a real SQLite store in a temporary directory, and cpp-httplib's client.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "service/http_server.h"
#include "store/store.h"

namespace writ::service {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Service : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("writ-service-test-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    EngineOptions eo;
    eo.home = WRIT_SOURCE_DIR;
    auto e = Engine::open(eo);
    ASSERT_TRUE(e) << e.error().message;
    engine_ = e->release();
    store::StoreOptions so;
    so.url = (*dir_ / "writ.db").string();
    auto s = store::open_store(so);
    ASSERT_TRUE(s) << s.error().message;
    store_ = s->release();
    ServeOptions o;
    o.port = 0;
    o.max_body = 64 * 1024;
    o.read_timeout_seconds = 1;
    o.request_deadline_seconds = 3;
    o.threads = 16;
    o.openapi_path = std::string(WRIT_SOURCE_DIR) + "/docs/openapi.yaml";
    server_ = new HttpServer(*engine_, *store_, o);
    ASSERT_TRUE(server_->bind());
    thread_ = new std::thread([] { (void)server_->run(); });
    auto mk = [](store::Role r, std::string agency) {
      auto t = store_->create_token(r, agency);
      EXPECT_TRUE(t);
      return t->secret;
    };
    admin_ = mk(store::Role::kAdmin, "");
    officer_ = mk(store::Role::kOfficer, "nyc-doc");
    nypd_officer_ = mk(store::Role::kOfficer, "nyc-nypd");
    supervisor_ = mk(store::Role::kSupervisor, "nyc-doc");
    analyst_ = mk(store::Role::kAnalyst, "");
  }
  static void TearDownTestSuite() {
    server_->stop();
    thread_->join();
    delete thread_;
    delete server_;
    delete store_;
    delete engine_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  static httplib::Client client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(10, 0);
    return c;
  }
  static httplib::Headers auth(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }
  static std::string example(const std::string& name) {
    return read_text(fs::path(WRIT_SOURCE_DIR) / "examples" / "cases" / name);
  }
  static json submit(const std::string& token, const std::string& body, int expect = 201,
                     httplib::Headers extra = {}) {
    auto c = client();
    auto h = auth(token);
    h.insert(extra.begin(), extra.end());
    auto r = c.Post("/v1/decisions", h, body, "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, expect) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static json get(const std::string& token, const std::string& path, int expect = 200) {
    auto c = client();
    auto r = c.Get(path.c_str(), auth(token));
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, expect) << path << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static json post(const std::string& token, const std::string& path, const json& body,
                   int expect = 201) {
    auto c = client();
    auto r = c.Post(path.c_str(), auth(token), body.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, expect) << path << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }

  static fs::path* dir_;
  static Engine* engine_;
  static store::Store* store_;
  static HttpServer* server_;
  static std::thread* thread_;
  static std::string admin_, officer_, nypd_officer_, supervisor_, analyst_;
};
fs::path* Service::dir_ = nullptr;
Engine* Service::engine_ = nullptr;
store::Store* Service::store_ = nullptr;
HttpServer* Service::server_ = nullptr;
std::thread* Service::thread_ = nullptr;
std::string Service::admin_, Service::officer_, Service::nypd_officer_, Service::supervisor_,
    Service::analyst_;

TEST_F(Service, SubmitStoresTheDecisionWithItsReasonsAndLogPosition) {
  json d = submit(officer_, example("doc-honor-robbery.json"));
  ASSERT_TRUE(d.is_object());
  EXPECT_THAT(d["id"].get<std::string>(), ::testing::StartsWith("D-"));
  EXPECT_GT(d["seq"].get<int64_t>(), 0);
  EXPECT_EQ(d["hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(d["state"], "pending_review");
  EXPECT_EQ(d["decision"]["outcome"], "honor");
  EXPECT_EQ(d["decision"]["format"], "writ-decision/1");
  EXPECT_FALSE(d["decision"]["reasons"].empty());
  EXPECT_THAT(d["decision"]["reasons"][0]["cite"].get<std::string>(), HasSubstr("9-131"));
  EXPECT_EQ(d["case"]["format"], "writ-case/1");

  json again = get(officer_, "/v1/decisions/" + d["id"].get<std::string>());
  EXPECT_EQ(again["decision"], d["decision"]);
  EXPECT_EQ(again["seq"], d["seq"]);
}

TEST_F(Service, TheChainKeepsNoPersonalData) {
  json d = submit(officer_, example("doc-honor-robbery.json"));
  auto e = store_->get_entry(d["id"].get<std::string>());
  ASSERT_TRUE(e && *e);
  json c = json::parse(example("doc-honor-robbery.json"));
  EXPECT_EQ((*e)->body.find(c["subject"]["id"].get<std::string>()), std::string::npos);
  EXPECT_EQ((*e)->body.find(c["id"].get<std::string>()), std::string::npos);
  // The criminal history stays with the case: neither the statute nor its dates are in the log
  // (the reasons name fact paths such as subject.convictions[0], not their values).
  const json& conviction = c["subject"]["convictions"][0];
  EXPECT_EQ((*e)->body.find(conviction["statute"].get<std::string>()), std::string::npos);
  EXPECT_EQ((*e)->body.find(conviction["offense_date"].get<std::string>()), std::string::npos);
  EXPECT_NE((*e)->personal_digest, "");
}

TEST_F(Service, IdempotencyKeyMakesRetriesSafe) {
  std::string body = example("doc-decline-administrative-warrant.json");
  auto before = store_->last_seq();
  json a = submit(officer_, body, 201, {{"Idempotency-Key", "retry-1"}});
  json b = submit(officer_, body, 200, {{"Idempotency-Key", "retry-1"}});
  EXPECT_EQ(a["id"], b["id"]);
  EXPECT_EQ(*store_->last_seq(), *before + 1);
  json c =
      submit(officer_, example("doc-honor-robbery.json"), 422, {{"Idempotency-Key", "retry-1"}});
  EXPECT_EQ(c["error"]["code"], "idempotency_key_reused");
}

TEST_F(Service, ReviewSignOffAndOverrideWithReason) {
  json d = submit(officer_, example("doc-review-watchlist-unknown.json"));
  std::string path = "/v1/decisions/" + d["id"].get<std::string>() + "/review";
  // Officers may not review; an override needs a reason and an outcome.
  EXPECT_EQ(post(officer_, path, {{"action", "sign_off"}}, 403)["error"]["code"], "forbidden");
  EXPECT_EQ(post(supervisor_, path, {{"action", "override"}, {"outcome", "decline"}},
                 400)["error"]["code"],
            "reason_required");
  EXPECT_EQ(post(supervisor_, path, {{"action", "approve"}}, 400)["error"]["field"], "/action");
  json r = post(supervisor_, path,
                {{"action", "override"},
                 {"outcome", "decline"},
                 {"reason", "screening database checked by phone: no match"}});
  EXPECT_EQ(r["state"], "overridden");
  EXPECT_EQ(r["final_outcome"], "decline");
  EXPECT_EQ(r["reviews"][0]["reason"], "screening database checked by phone: no match");
  json s = post(supervisor_, path, {{"action", "sign_off"}});
  EXPECT_EQ(s["state"], "signed_off");
}

TEST_F(Service, OfficersSeeOnlyTheirAgency) {
  json d = submit(officer_, example("doc-honor-robbery.json"));
  std::string id = d["id"].get<std::string>();
  EXPECT_EQ(get(nypd_officer_, "/v1/decisions/" + id, 404)["error"]["code"], "not_found");
  EXPECT_EQ(submit(nypd_officer_, example("doc-honor-robbery.json"), 403)["error"]["code"],
            "agency_mismatch");
  json list = get(nypd_officer_, "/v1/decisions");
  for (const auto& it : list["items"]) EXPECT_EQ(it["agency"], "nyc-nypd");
}

TEST_F(Service, AnalystsGetReportsButNeverPersonalFields) {
  json d = submit(officer_, example("doc-honor-robbery.json"));
  std::string id = d["id"].get<std::string>();
  EXPECT_EQ(get(analyst_, "/v1/decisions/" + id, 403)["error"]["code"], "forbidden");
  EXPECT_EQ(get(analyst_, "/v1/decisions", 403)["error"]["code"], "forbidden");
  EXPECT_EQ(get(analyst_, "/v1/decisions/" + id + "/memo", 403)["error"]["code"], "forbidden");
  EXPECT_EQ(post(analyst_, "/v1/tokens", {{"role", "admin"}}, 403)["error"]["code"], "forbidden");
  json rep = get(analyst_, "/v1/reports/nyc-doc-9-131-f?period=2023-07-01..2026-06-30");
  EXPECT_EQ(rep["report"], "nyc-doc-9-131-f");
  EXPECT_EQ(rep["items"].size(), 9u);
  EXPECT_EQ(get(officer_, "/v1/reports/nyc-doc-9-131-f?period=2025", 403)["error"]["code"],
            "forbidden");
}

TEST_F(Service, ReportCountChangesWithEvents) {
  std::string q = "/v1/reports/nyc-doc-9-131-f?period=2000-01-01..2099-12-31";
  auto item = [](const json& rep, const char* n) {
    for (const auto& it : rep["items"]) {
      if (it["number"] == n) return it["count"].get<int64_t>();
    }
    return int64_t{-1};
  };
  json before = get(analyst_, q);
  json d = submit(officer_, example("doc-honor-robbery.json"));
  std::string events = "/v1/decisions/" + d["id"].get<std::string>() + "/events";
  EXPECT_EQ(
      post(officer_, events, {{"type", "held"}, {"at", "2024-03-02T14:00:00-05:00"}})["events"]
          .size(),
      1u);
  post(officer_, events, {{"type", "transferred"}, {"at", "2024-03-03T09:00:00-05:00"}});
  EXPECT_EQ(post(officer_, events, {{"type", "escaped"}, {"at", "2024-03-03T09:00:00-05:00"}},
                 400)["error"]["field"],
            "/type");
  EXPECT_EQ(post(officer_, events, {{"type", "held"}, {"at", "yesterday"}}, 400)["error"]["field"],
            "/at");
  json after = get(analyst_, q);
  EXPECT_EQ(item(after, "1"), item(before, "1") + 1);
  EXPECT_EQ(item(after, "2"), item(before, "2") + 1);
  EXPECT_EQ(item(after, "3"), item(before, "3") + 1);
  EXPECT_EQ(item(after, "4"), item(before, "4") + 1);  // robbery 2° is a violent or serious crime
  auto c = client();
  auto csv = c.Get((q + "&format=csv").c_str(), auth(analyst_));
  ASSERT_TRUE(csv);
  EXPECT_THAT(csv->get_header_value("Content-Type"), HasSubstr("text/csv"));
  auto html = c.Get((q + "&format=html").c_str(), auth(analyst_));
  ASSERT_TRUE(html);
  EXPECT_THAT(html->body, HasSubstr("<svg"));
  EXPECT_EQ(get(analyst_, "/v1/reports/nyc-doc-9-131-f", 400)["error"]["field"], "period");
  EXPECT_EQ(get(analyst_, "/v1/reports/nyc-dof?period=2025", 404)["error"]["code"], "not_found");
}

TEST_F(Service, MemoIsPrintable) {
  json d = submit(officer_, example("doc-honor-robbery.json"), 201,
                  {{"X-Writ-Memo-Name", "<Jane Roe>"}});
  auto c = client();
  auto r = c.Get(("/v1/decisions/" + d["id"].get<std::string>() + "/memo").c_str(), auth(officer_));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("&lt;Jane Roe&gt;"));
  EXPECT_THAT(r->body, HasSubstr("9-131"));
  EXPECT_THAT(r->body, HasSubstr("Supervisor sign-off"));
}

TEST_F(Service, BadRequestsGetTheir4xxAndStableCodes) {
  auto c = client();
  auto r = c.Post("/v1/decisions", auth(officer_), "{not json", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "invalid_json");
  // The message says where the JSON breaks.
  EXPECT_THAT(json::parse(r->body)["error"]["message"].get<std::string>(),
              HasSubstr("line 1, column 3"));

  json bad = json::parse(example("doc-honor-robbery.json"));
  bad["request"]["presented_at"] = "2024-02-30T10:00:00-05:00";
  r = c.Post("/v1/decisions", auth(officer_), bad.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "/request/presented_at");

  r = c.Post("/v1/decisions", auth(officer_), example("doc-honor-robbery.json"), "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);

  r = c.Post("/v1/decisions", auth(officer_), std::string(100 * 1024, ' '), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "payload_too_large");

  r = c.Get("/v1/nothing", auth(officer_));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = c.Delete("/v1/decisions", auth(officer_));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "POST, GET");

  r = c.Get("/v1/decisions");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = c.Get("/v1/decisions", auth("writ_not-a-token"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(get(officer_, "/v1/decisions?limit=0", 400)["error"]["field"], "limit");
  EXPECT_EQ(get(officer_, "/v1/decisions?from=yesterday", 400)["error"]["field"], "from");
  json unknown = json::parse(example("doc-honor-robbery.json"));
  unknown["agency"] = "nyc-dof";
  EXPECT_EQ(submit(admin_, unknown.dump(), 422)["error"]["code"], "unknown_policy");
}

TEST_F(Service, SlowClientsDoNotStopOthers) {
  // Four clients open a connection and send half a request, then nothing.
  std::vector<int> socks;
  for (int i = 0; i < 4; ++i) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(server_->port()));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    std::string partial = "POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{";
    ASSERT_GT(::send(s, partial.data(), partial.size(), 0), 0);
    socks.push_back(s);
  }
  json h = get(officer_, "/healthz");
  EXPECT_EQ(h["status"], "ok");
  submit(officer_, example("doc-honor-robbery.json"));
  // The server drops them after its read timeout (1 s here).
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  for (int s : socks) {
    char buf[512];
    ssize_t n = ::recv(s, buf, sizeof buf, 0);
    EXPECT_GE(n, 0);  // closed (0) or an error response, never a hang
    ::close(s);
  }
}

TEST_F(Service, TokensAdminAndPoliciesHealthMetricsOpenApi) {
  submit(officer_, example("doc-honor-robbery.json"));
  json t = post(admin_, "/v1/tokens", {{"role", "officer"}, {"agency", "nyc-probation"}});
  EXPECT_THAT(t["secret"].get<std::string>(), ::testing::StartsWith("writ_"));
  json who = get(t["secret"].get<std::string>(), "/v1/whoami");
  EXPECT_EQ(who["role"], "officer");
  EXPECT_EQ(who["agency"], "nyc-probation");
  auto c = client();
  auto del = c.Delete(("/v1/tokens/" + t["id"].get<std::string>()).c_str(), auth(admin_));
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 200);
  get(t["secret"].get<std::string>(), "/v1/whoami", 401);
  EXPECT_EQ(post(admin_, "/v1/tokens", {{"role", "king"}}, 400)["error"]["field"], "/role");

  json p = get(officer_, "/v1/policies");
  bool has_doc = false;
  for (const auto& pol : p["policies"]) has_doc = has_doc || pol["id"] == "nyc-doc";
  EXPECT_TRUE(has_doc);
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_THAT(m->body, HasSubstr("writ_http_requests_total"));
  EXPECT_THAT(m->body, HasSubstr("writ_decisions_total{policy=\"nyc-doc\""));
  auto y = c.Get("/openapi.yaml");
  ASSERT_TRUE(y);
  EXPECT_EQ(y->status, 200);
  EXPECT_THAT(y->body, HasSubstr("/v1/decisions"));
}

TEST_F(Service, TheLogVerifiesAfterTheSession) {
  submit(officer_, example("doc-honor-robbery.json"));
  auto v = store_->verify();
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok()) << (v->problems.empty() ? "" : v->problems[0].message);
}

int connect_loopback(int port) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(s);
    return -1;
  }
  return s;
}

TEST_F(Service, MoreSlowClientsThanWorkersDoNotStopOthers) {
  // 24 connections (the server has 16 workers) send headers and part of a body, then nothing.
  std::vector<int> socks;
  for (int i = 0; i < 24; ++i) {
    int s = connect_loopback(server_->port());
    ASSERT_GE(s, 0);
    std::string partial =
        "POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "application/json\r\nContent-Length: 900\r\n\r\n{\"agency\":";
    ASSERT_GT(::send(s, partial.data(), partial.size(), 0), 0);
    socks.push_back(s);
  }
  // Normal requests still succeed: the read timeout (1 s) frees the workers they hold.
  // (Each within the client's 10 s read timeout.)
  for (int i = 0; i < 3; ++i) {
    json d = submit(officer_, example("doc-honor-robbery.json"));
    EXPECT_EQ(d["outcome"], "honor");
  }
  for (int s : socks) {
    timeval tv{5, 0};
    ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[512];
    ssize_t n = ::recv(s, buf, sizeof buf, 0);
    EXPECT_GE(n, 0);  // the server answered (408) or closed: never left hanging
    ::close(s);
  }
}

TEST_F(Service, ATricklingClientIsCutAtTheRequestDeadline) {
  // A client sends its headers one byte every 400 ms: each read is within the read timeout
  // (1 s), but the request never completes within the deadline (3 s), so the server shuts the
  // connection down instead of giving it a worker for ever. Others are served meanwhile.
  int s = connect_loopback(server_->port());
  ASSERT_GE(s, 0);
  std::string head =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(200, 'a') + "\r\n\r\n";
  auto start = std::chrono::steady_clock::now();
  bool cut = false;
  for (char ch : head) {
    if (::send(s, &ch, 1, MSG_NOSIGNAL) != 1) {
      cut = true;
      break;
    }
    // A cut connection reads as closed (0) or reset (-1) at once; an open one would block.
    char buf[256];
    ssize_t n = ::recv(s, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
      cut = true;
      break;
    }
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(3) &&
        std::chrono::steady_clock::now() - start < std::chrono::seconds(4)) {
      EXPECT_EQ(get(officer_, "/healthz")["status"], "ok");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
  ::close(s);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(cut) << "the trickling client was never cut off";
  EXPECT_GE(took, std::chrono::seconds(3)) << "cut before the deadline";
  EXPECT_LE(took, std::chrono::seconds(8)) << "cut long after the deadline";
  // The watchdog counts what it cut.
  auto c = client();
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_THAT(m->body, HasSubstr("route=\"deadline\""));
}

TEST_F(Service, ABodySentByteByByteIsReadWhole) {
  // A client that sends its request one byte at a time, each within the read timeout, gets
  // its answer like any other; meanwhile other requests are served.
  int s = connect_loopback(server_->port());
  ASSERT_GE(s, 0);
  std::string body = R"({"agency":"nyc-doc"})";
  std::string req =
      "POST /v1/decisions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + officer_ +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n";
  ASSERT_GT(::send(s, req.data(), req.size(), 0), 0);
  std::thread other([] { EXPECT_EQ(get(officer_, "/healthz")["status"], "ok"); });
  for (char ch : body) {
    ASSERT_EQ(::send(s, &ch, 1, 0), 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  other.join();
  std::string answer;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(s, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<size_t>(n));
  ::close(s);
  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 400"));
  EXPECT_THAT(answer, HasSubstr("\"invalid_case\""));
}

}  // namespace
}  // namespace writ::service
