-- 3. Search by a name substring (five digits of a name such as 王伟00042) in the big tenant.
dofile("bench/lua/common.lua")
local agents = tonumber(os.getenv("AGENTS"))
request = function()
  return wrk.format("GET", string.format("/api/v1/supportgroups/supports/search.json?query=name:%05d", math.random(0, agents - 1)))
end
