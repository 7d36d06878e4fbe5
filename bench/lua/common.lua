-- Shared by the scenarios: Basic credentials from $AUTH, a per-thread random seed.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
  wrk.headers["Authorization"] = os.getenv("AUTH")
end
