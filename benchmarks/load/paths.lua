-- wrk script: cycle through the paths listed in a file, one per line.
-- Usage: wrk ... -s paths.lua http://127.0.0.1:8100 -- PATHS_FILE THREADS [per-second]
-- Each thread starts at a different place in the list. done() prints one line
-- "WRK_JSON {...}" (requests, errors, latency percentiles in microseconds). With a third
-- argument "per-second", response() also counts responses and HTTP errors (>= 400) by
-- wall-clock second, printed as "WRK_SECOND {...}" lines (used by the fault test).

local threads = {}
local paths = {}
local counter = 0
local per_second = false
counts = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  local nthreads = tonumber(args[2] or "1")
  counter = thread_number * math.floor(#paths / nthreads)
  per_second = args[3] == "per-second"
  if not per_second then response = nil end
end

function request()
  local path = paths[(counter % #paths) + 1]
  counter = counter + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local second = os.time()
  local c = counts[second]
  if c == nil then
    c = {}
    counts[second] = c
  end
  c["all"] = (c["all"] or 0) + 1
  if status >= 400 then
    c["errors"] = (c["errors"] or 0) + 1
    c[tostring(status)] = (c[tostring(status)] or 0) + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
  local merged = {}
  for _, thread in ipairs(threads) do
    local thread_counts = thread:get("counts") or {}
    for second, c in pairs(thread_counts) do
      local m = merged[second] or {}
      for key, value in pairs(c) do m[key] = (m[key] or 0) + value end
      merged[second] = m
    end
  end
  for second, m in pairs(merged) do
    local parts = {}
    for key, value in pairs(m) do parts[#parts + 1] = string.format('"%s": %d', key, value) end
    io.write(string.format('WRK_SECOND {"second": %d, %s}\n', second, table.concat(parts, ", ")))
  end
end
