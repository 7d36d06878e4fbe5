-- 6. A page ($PAGE) of the sign-in list for a range covering all of 2025.
dofile("bench/lua/common.lua")
local page = os.getenv("PAGE")
request = function()
  return wrk.format("GET", "/api/v1/signin.json?created_start=2025-01-01&created_end=2025-12-31&per_page=100&page=" .. page)
end
