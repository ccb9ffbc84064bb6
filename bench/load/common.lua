-- Shared by the wrk scripts of bench/load/load.sh (loaded with dofile by each scenario).
--
-- Input comes from the environment that load.sh sets:
--   LOAD_TOKEN    the admin agent's bearer token
--   LOAD_IDS      the id file of the scenario (one record a line, fields separated by spaces)
--   LOAD_THREADS  wrk's -t (the swap scenario splits its users between threads)
--
-- Every response that is not 2xx counts as an error (`errors`, per thread); done() adds the
-- threads' counts to wrk's socket errors and prints one machine-readable line, LOADRESULT, that
-- load.sh parses, plus LOADSAMPLE with the first failing status and body when there was one.

local threads = {}

-- Runs in wrk's main Lua state, once per thread, before the thread's init().
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

errors = 0
first_error = ""
auth = "Bearer " .. (os.getenv("LOAD_TOKEN") or "")

-- The records of LOAD_IDS, each an array of its space-separated fields.
function load_records()
  local path = os.getenv("LOAD_IDS")
  local records = {}
  if path and path ~= "" then
    for line in io.lines(path) do
      local fields = {}
      for field in line:gmatch("%S+") do fields[#fields + 1] = field end
      if #fields > 0 then records[#records + 1] = fields end
    end
  end
  return records
end

function seed_random()
  math.randomseed(os.time() * 1000 + (thread_index or 0) * 7919)
  for _ = 1, 10 do math.random() end
end

function get(path)
  return wrk.format("GET", path, { ["Authorization"] = auth })
end

function note_error(status, body)
  errors = errors + 1
  if first_error == "" then
    first_error = tostring(status) .. " " .. string.sub(body or "", 1, 300)
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then note_error(status, body) end
end

-- Extra "key=value" pairs a scenario adds to LOADRESULT (read from each thread's globals).
extra_results = {}

function done(summary, latency, requests)
  local non2xx, sample = 0, ""
  local extras = {}
  for _, t in ipairs(threads) do
    non2xx = non2xx + (t:get("errors") or 0)
    local s = t:get("first_error")
    if sample == "" and s and s ~= "" then sample = s end
    for _, key in ipairs(extra_results) do
      extras[key] = (extras[key] or 0) + (t:get(key) or 0)
    end
  end
  local e = summary.errors
  local line = string.format(
    "LOADRESULT requests=%d duration_us=%d p50_us=%.0f p99_us=%.0f non2xx=%d connect=%d read=%d write=%d timeout=%d status=%d",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), non2xx,
    e.connect, e.read, e.write, e.timeout, e.status)
  for _, key in ipairs(extra_results) do
    line = line .. string.format(" %s=%d", key, extras[key])
  end
  io.write(line, "\n")
  if sample ~= "" then
    io.write("LOADSAMPLE ", (string.gsub(sample, "[\r\n]", " ")), "\n")
  end
end
