-- 2. GET /api/v1/supports.json?per_page=100&page={random}
dofile("bench/lua/common.lua")
local pages = math.floor(tonumber(os.getenv("AGENTS")) / 100)
request = function()
  return wrk.format("GET", "/api/v1/supports.json?per_page=100&page=" .. math.random(1, pages))
end
