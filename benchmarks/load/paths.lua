-- wrk script: cycle through the paths listed in a file, one per line.
-- Usage: wrk ... -s paths.lua http://127.0.0.1:8100 -- PATHS_FILE THREADS [per-second]
-- Each thread starts at a different place in the list. done() prints one line
-- "WRK_JSON {...}" (requests, errors, latency percentiles in microseconds). With a third
-- argument "per-second", each thread also counts its responses and HTTP errors (>= 400) by
-- wall-clock second and writes one JSON line per finished second to PATHS_FILE.seconds.N
-- (the fault test merges them; a thread's last, unfinished second is not written).

local threads = {}
local paths = {}
local counter = 0
local out = nil
local current_second = nil
local bucket = nil

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
  if args[3] == "per-second" then
    out = io.open(args[1] .. ".seconds." .. thread_number, "w")
  else
    response = nil
  end
end

function request()
  local path = paths[(counter % #paths) + 1]
  counter = counter + 1
  return wrk.format("GET", path)
end

local function flush()
  if bucket ~= nil then
    local parts = {}
    for key, value in pairs(bucket) do
      parts[#parts + 1] = string.format('"%s": %d', key, value)
    end
    out:write(string.format('{"second": %d, %s}\n', current_second, table.concat(parts, ", ")))
    out:flush()
  end
end

function response(status, headers, body)
  local second = os.time()
  if second ~= current_second then
    flush()
    current_second = second
    bucket = {}
  end
  bucket["all"] = (bucket["all"] or 0) + 1
  if status >= 400 then
    bucket["errors"] = (bucket["errors"] or 0) + 1
    bucket[tostring(status)] = (bucket[tostring(status)] or 0) + 1
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
end
