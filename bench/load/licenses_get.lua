-- GET /v1/customers/{customerId}/users/{userId}/licenses for a random user.
-- LOAD_IDS: "customerId userId" a line.
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*)/") or ".") .. "/common.lua")

local paths = {}

function init(args)
  seed_random()
  for _, r in ipairs(load_records()) do
    paths[#paths + 1] = "/v1/customers/" .. r[1] .. "/users/" .. r[2] .. "/licenses"
  end
  assert(#paths > 0, "LOAD_IDS holds no user")
end

function request()
  return get(paths[math.random(#paths)])
end
