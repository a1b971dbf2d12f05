-- One wrk script for the seven kinds of request; bench/run picks the kind with BENCH_KIND.
--   exchange   (a) RFC 8693 exchange of an API key (client bench-exchange), one key per request, round robin
--   client     (b) client_credentials grant (client bench-service)
--   password   (c) password grant of the 16 users pw-00 .. pw-15, round robin
--   login      (d) direct grant with the key in X-API-Key (client bench-login), one key per request, round robin
--   floor      (e) password grant of the same 16 users in realm bench-floor, whose password policy hashes with one
--              PBKDF2 iteration (client bench-floor): Keycloak's own direct grant without the cost of hashing
--   forward    (f) forward-auth check of a key by a gateway: GET /realms/bench/api-keys/forward-auth with the
--              gateway client's Basic auth (client bench-gateway), the key in X-API-Key, one key per request,
--              round robin, and X-Client-Address: 127.0.0.1; only 200 counts as success
--   introspect (g) RFC 7662 introspection of an unknown access token by the same gateway client: the cheapest
--              authenticated answer Keycloak gives that client, the ceiling for (f); only 200 {"active":false}
--              counts as success
-- Env: BENCH_KIND; BENCH_AUTH (the client's Authorization header); BENCH_OUT (where done() writes its JSON
-- summary); for exchange/login/forward also BENCH_SECRETS (file, one secret a line), BENCH_KEYS (how many of its
-- first lines are in play), BENCH_THREADS (wrk -t) and BENCH_CURSOR (where in the round robin this slice starts).
-- Thread t presents keys CURSOR+t, CURSOR+t+THREADS, ... (modulo KEYS), and done() reports next_cursor, the
-- first position no thread has used, so consecutive slices continue the round robin instead of starting over:
-- a key comes back only after all KEYS keys have been presented, as when every bot of a large fleet refreshes
-- its token in turn. Non-2xx answers (and for introspect any answer other than {"active":false}) are counted
-- here (with the first body, for diagnosis), and the latency distribution is written out as quantiles so that
-- bench/Report.java can merge slices.

local kind = os.getenv("BENCH_KIND")
local threads = {}
local counter = 0

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  path = "/realms/" .. (kind == "floor" and "bench-floor" or "bench") .. "/protocol/openid-connect/token"
  if kind == "forward" then
    path = "/realms/bench/api-keys/forward-auth"
  elseif kind == "introspect" then
    path = path .. "/introspect"
  end
  form = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = os.getenv("BENCH_AUTH") }
  non2xx = 0
  firstError = ""
  index = id
  if kind == "exchange" or kind == "login" or kind == "forward" then
    local limit = tonumber(os.getenv("BENCH_KEYS"))
    keys = {}
    for line in io.lines(os.getenv("BENCH_SECRETS")) do
      if #keys >= limit then break end
      keys[#keys + 1] = line
    end
    stride = tonumber(os.getenv("BENCH_THREADS"))
    cursor = tonumber(os.getenv("BENCH_CURSOR") or "0") + id
    -- BENCH_LIMIT (optional): present that many keys in all, then stop (a prewarm pass over every key)
    local limit_all = tonumber(os.getenv("BENCH_LIMIT") or "0")
    last = limit_all > 0 and cursor - id + limit_all - 1 or nil
  end
  if kind == "client" then
    fixed = wrk.format("POST", path, form, "grant_type=client_credentials")
  elseif kind == "introspect" then
    fixed = wrk.format("POST", path, form, "token=not-a-token&token_type_hint=access_token")
  elseif kind ~= "exchange" and kind ~= "password" and kind ~= "login" and kind ~= "floor" and kind ~= "forward" then
    error("unknown BENCH_KIND " .. tostring(kind))
  end
end

function request()
  if kind == "client" or kind == "introspect" then
    return fixed
  end
  index = index + 1
  if kind == "password" or kind == "floor" then
    local n = string.format("%02d", index % 16)
    return wrk.format("POST", path, form, "grant_type=password&username=pw-" .. n .. "&password=bench-password-" .. n)
  end
  local secret = keys[(cursor % #keys) + 1]
  cursor = cursor + stride
  if kind == "exchange" then
    return wrk.format("POST", path, form,
      "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
      .. "&subject_token_type=urn%3Aapikeys%3Atoken-type%3Aapi-key&subject_token=" .. secret)
  end
  if kind == "forward" then
    return wrk.format("GET", path, { ["Authorization"] = form["Authorization"], ["X-API-Key"] = secret,
      ["X-Client-Address"] = "127.0.0.1" })
  end
  local headers = { ["Content-Type"] = form["Content-Type"], ["Authorization"] = form["Authorization"], ["X-API-Key"] = secret }
  return wrk.format("POST", path, headers, "grant_type=password")
end

function response(status, headers, body)
  if last and cursor > last then
    -- wrk's main thread sleeps for the whole -d duration whatever its threads do: leave a mark that bench/run
    -- waits for, and it ends wrk with SIGINT (which wrk answers by joining its threads and calling done())
    if not stopped then
      stopped = true
      local mark = io.open(os.getenv("BENCH_OUT") .. ".stopped." .. id, "w")
      if mark then mark:close() end
    end
    wrk.thread:stop()
  end
  local failed
  if kind == "forward" or kind == "introspect" then
    -- forward-auth: only 200 means the key was accepted; introspection: only {"active":false} is the answer
    failed = status ~= 200 or (kind == "introspect" and not string.find(body or "", '"active"%s*:%s*false'))
  else
    failed = status < 200 or status > 299
  end
  if failed then
    non2xx = non2xx + 1
    if firstError == "" then
      firstError = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  local first = ""
  local next_cursor = 0
  for _, thread in ipairs(threads) do
    next_cursor = math.max(next_cursor, thread:get("cursor") or 0)
    non2xx_total = non2xx_total + (thread:get("non2xx") or 0)
    local e = thread:get("firstError") or ""
    if first == "" and e ~= "" then first = e end
  end
  local e = summary.errors
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format(
    '{"kind":"%s","requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,'
    .. '"non2xx":%d,"socket_errors":%d,"timeouts":%d,"next_cursor":%d,"first_error":%s,"quantiles":[',
    kind, summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, non2xx_total, e.connect + e.read + e.write, e.timeout, next_cursor, json_string(first)))
  -- the latency distribution as 200 quantiles (each stands for 0.5% of the slice's requests), which
  -- Report.java merges across slices; this wrk offers no access to its raw histogram
  if summary.requests > 0 then
    for i = 0, 199 do
      out:write(string.format('%s%d', i == 0 and "" or ",", latency:percentile(i * 0.5 + 0.25)))
    end
  end
  out:write("]}\n")
  out:close()
end
