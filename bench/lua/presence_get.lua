-- 4a. GET /api/v1/plate_service_state/{random id}.json?plate=2
dofile("bench/lua/common.lua")
local first, last = tonumber(os.getenv("FIRST_ID")), tonumber(os.getenv("LAST_ID"))
request = function()
  return wrk.format("GET", "/api/v1/plate_service_state/" .. math.random(first, last) .. ".json?plate=2")
end
