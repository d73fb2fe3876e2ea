-- Vote and withdraw the vote, as many people, on one item. BENCH_TOKENS names a file with one
-- API token per line. Each wrk thread takes its own slice of the people and walks it in turn:
-- a round of votes, then a round of withdrawals, so one person's two requests are far apart.
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end

local counter = 0
local threads = {}

setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

init = function(args)
  local per = math.floor(#tokens / 2)
  first = (id or 0) * per
  slice = per
  sent = 0
end

request = function()
  local person = first + (sent % slice) + 1
  local round = math.floor(sent / slice)
  sent = sent + 1
  local method = (round % 2 == 0) and "POST" or "DELETE"
  return wrk.format(method, nil, {
    ["Authorization"] = "Token " .. tokens[person],
    ["Accept"] = "application/json",
  }, nil)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
