-- GET /healthz: the server's own ceiling (same client-side work as the other scenarios).
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*)/") or ".") .. "/common.lua")

function request()
  return get("/healthz")
end
