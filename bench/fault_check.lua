-- For bench/fault_pg_restart.sh: answers by kind (200, 503 busy page, anything else) over all of
-- wrk's threads. (wrk copies only plain values between threads, so these are three counters; the
-- timeline comes from the script's probe.)
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, busy, other = 0, 0, 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    busy = busy + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local sums = {ok = 0, busy = 0, other = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(sums) do
      sums[key] = sums[key] + thread:get(key)
    end
  end
  io.write(string.format("answers: 200 %d, 503 busy page %d, other %d\n", sums.ok, sums.busy, sums.other))
end
