-- POST /v1/customers/{customerId}/users/{userId}/licenseupdates: durable license swaps.
-- LOAD_IDS: "customerId userId" a line; every user holds KAIZALA_PRO at the start and the
-- customer has free SPE_E3 seats for all its users.
--
-- Every request must be a valid swap, so no two requests ever touch one user at the same time
-- and each request goes the right way:
--   * each wrk thread owns a disjoint share of the users (line i goes to thread i % LOAD_THREADS);
--   * a thread hands a request a random user that has no request in flight, and tags the
--     request with the user (MS-CorrelationId: b<thread>u<user>n<sequence>, echoed back);
--   * a 2xx answer flips the user's side (KAIZALA_PRO <-> SPE_E3) and frees the user again.
-- A user whose request failed (non-2xx) or never got an answer stays out of the pool: its
-- state is unknown, so it is never asked again. (load.sh gives each thread far more users than
-- connections; should the pool still run dry, the thread sends GET /healthz, counted as errors.)
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*)/") or ".") .. "/common.lua")

-- Summed over threads into LOADRESULT: users known to be on SPE_E3 at the end, and requests
-- without a 2xx answer (still in flight when wrk stopped, or failed) by direction. The database
-- must then hold between on_target - pending_to_source and on_target + pending_to_target users
-- on SPE_E3 (load.sh checks it after stopping the server).
extra_results = { "on_target", "pending_to_target", "pending_to_source" }
on_target = 0
pending_to_target = 0
pending_to_source = 0

local to_target = '{"licensesToAssign":[{"skuId":"SPE_E3","excludedPlans":[]}],"licensesToRemove":["KAIZALA_PRO"]}'
local to_source = '{"licensesToAssign":[{"skuId":"KAIZALA_PRO","excludedPlans":[]}],"licensesToRemove":["SPE_E3"]}'

local paths = {}      -- user index -> request path
local on_e3 = {}      -- user index -> true when the user holds SPE_E3
local free = {}       -- user indexes with no request in flight
local sequence = 0
local prefix = ""

function init(args)
  seed_random()
  local nthreads = tonumber(os.getenv("LOAD_THREADS") or "1")
  prefix = "b" .. tostring(thread_index or 0) .. "u"
  for i, r in ipairs(load_records()) do
    if (i - 1) % nthreads == (thread_index or 0) then
      paths[#paths + 1] = "/v1/customers/" .. r[1] .. "/users/" .. r[2] .. "/licenseupdates"
      on_e3[#paths] = false
      free[#paths] = #paths
    end
  end
  assert(#paths > 0, "LOAD_IDS holds no user for this thread")
end

function request()
  local n = #free
  if n == 0 then
    -- Every user of this thread is waiting for an answer that never came (the server dropped
    -- connections: wrk reconnects and asks again). Nothing valid is left to send: ask for
    -- /healthz, counted as an error, rather than stopping wrk with a Lua error.
    return wrk.format("GET", "/healthz", { ["MS-CorrelationId"] = "nouser" })
  end
  local k = math.random(n)
  local i = free[k]
  free[k] = free[n]
  free[n] = nil
  if on_e3[i] then
    pending_to_source = pending_to_source + 1
  else
    pending_to_target = pending_to_target + 1
  end
  sequence = sequence + 1
  return wrk.format("POST", paths[i], {
    ["Authorization"] = auth,
    ["Content-Type"] = "application/json",
    ["MS-CorrelationId"] = prefix .. i .. "n" .. sequence,
  }, on_e3[i] and to_source or to_target)
end

function response(status, headers, body)
  local tag = headers["MS-CorrelationId"] or ""
  if tag == "nouser" then
    note_error(status, "(no user left: earlier swaps of this thread were never answered)")
    return
  end
  local i = tonumber(string.match(tag, "^" .. prefix .. "(%d+)n%d+$") or "")
  if status < 200 or status > 299 or i == nil or paths[i] == nil then
    note_error(status, (i == nil and "(no user tag: " .. tag .. ") " or "") .. (body or ""))
    return
  end
  if on_e3[i] then
    pending_to_source = pending_to_source - 1
  else
    pending_to_target = pending_to_target - 1
  end
  on_e3[i] = not on_e3[i]
  on_target = on_target + (on_e3[i] and 1 or -1)
  free[#free + 1] = i
end
