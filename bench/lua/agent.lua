-- 1. GET /api/v1/supports/{random id}.json
dofile("bench/lua/common.lua")
local first, last = tonumber(os.getenv("FIRST_ID")), tonumber(os.getenv("LAST_ID"))
request = function()
  return wrk.format("GET", "/api/v1/supports/" .. math.random(first, last) .. ".json")
end
