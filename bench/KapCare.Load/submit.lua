-- wrk script for POST /fhir/QuestionnaireResponse (bench/KapCare.Load).
-- Usage: wrk ... -s submit.lua URL -- BODIES_FILE [TOKEN]
-- BODIES_FILE holds one request body per line (patients and answer patterns rotate); each thread starts at a
-- different line. Every response that is not 201 Created is counted, and done() prints "non201 N".

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local bodies = {}
local position = 0
non201 = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  assert(#bodies > 0, "no request bodies in " .. args[1])
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/fhir+json"
  if args[2] and #args[2] > 0 then wrk.headers["Authorization"] = "Bearer " .. args[2] end
  position = (id * 7919) % #bodies
end

function request()
  position = position % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[position])
end

function response(status, headers, body)
  if status ~= 201 then non201 = non201 + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("non201") or 0) end
  io.write(string.format("non201 %d\n", total))
end
