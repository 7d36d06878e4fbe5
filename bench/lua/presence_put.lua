-- 4b. PUT /api/v1/plate_service_state/{random id}.json, alternating 在线 / 忙碌
dofile("bench/lua/common.lua")
local first, last = tonumber(os.getenv("FIRST_ID")), tonumber(os.getenv("LAST_ID"))
local states = { "在线", "忙碌" }
wrk.headers["Content-Type"] = "application/json"
request = function()
  local body = '{"plate_service_state":{"plate":"2","state":"' .. states[math.random(1, 2)] .. '"}}'
  return wrk.format("PUT", "/api/v1/plate_service_state/" .. math.random(first, last) .. ".json", nil, body)
end
