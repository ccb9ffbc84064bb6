-- GET /v1/customers/{customerId}/subscriptions for a random customer. LOAD_IDS: customer ids.
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*)/") or ".") .. "/common.lua")

local paths = {}

function init(args)
  seed_random()
  for _, r in ipairs(load_records()) do
    paths[#paths + 1] = "/v1/customers/" .. r[1] .. "/subscriptions"
  end
  assert(#paths > 0, "LOAD_IDS holds no customer")
end

function request()
  return get(paths[math.random(#paths)])
end
