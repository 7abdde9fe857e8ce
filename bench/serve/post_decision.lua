-- wrk script: POST /v1/decisions with a writ-case/1 body and a bearer token.
--   WRIT_TOKEN   the API token (officer of nyc-doc, or admin)
--   WRIT_CASE    path of the case JSON (default examples/cases/doc-honor-robbery.json)
-- Every request is a new decision (no Idempotency-Key), so each one is a durable append.
local token = os.getenv("WRIT_TOKEN")
local path = os.getenv("WRIT_CASE") or "examples/cases/doc-honor-robbery.json"
local f = assert(io.open(path, "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.path = "/v1/decisions"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

local non2xx = 0
function response(status, headers, body)
  if status < 200 or status >= 300 then non2xx = non2xx + 1 end
end

-- Latency percentiles in a form bench/serve/run.sh can read.
function done(summary, latency, requests)
  io.write(string.format("serve_requests=%d\n", summary.requests))
  io.write(string.format("serve_errors=%d\n", summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.status + summary.errors.timeout))
  io.write(string.format("serve_seconds=%.3f\n", summary.duration / 1e6))
  io.write(string.format("serve_p50_ms=%.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("serve_p99_ms=%.2f\n", latency:percentile(99) / 1000))
end
