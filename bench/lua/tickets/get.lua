-- The customers and tickets scenarios' GET requests: $SCENARIO picks the path, random among
-- the loaded rows (see crates/kefu-bench/src/tickets.rs for how they are named).
dofile("bench/lua/common.lua")
local scenario = os.getenv("SCENARIO")
local contacts = tonumber(os.getenv("CONTACTS"))
local first_ticket = tonumber(os.getenv("FIRST_TICKET"))
local tickets = tonumber(os.getenv("TICKETS"))
local full = math.max(1, tonumber(os.getenv("FULL_TICKETS")))
local first_template = tonumber(os.getenv("FIRST_TEMPLATE"))
local templates = tonumber(os.getenv("TEMPLATES"))
local month = os.getenv("MONTH")
local page = os.getenv("PAGE")
local paths = {
  mobile = function() return string.format("/api/v1/users/search.json?query=mobile:139%08d", math.random(0, contacts - 1)) end,
  landline = function() return string.format("/api/v1/users/search.json?query=fixnumber:010-6%07d", math.random(0, contacts - 1)) end,
  email = function() return string.format("/api/v1/users/search.json?query=email:c%d@example.com", math.random(0, contacts - 1)) end,
  -- Six of a name's seven digits: at 1,000,000 contacts, 10 match.
  name = function() return string.format("/api/v1/users/search.json?query=name:%06d", math.random(0, math.floor((contacts - 1) / 10))) end,
  users_page = function() return "/api/v1/users.json?per_page=100&page=" .. page end,
  tickets_page = function() return "/api/v1/tickets.json?per_page=100&page=" .. page end,
  month = function()
    return string.format("/api/v1/tickets/search.json?query=createDT:%s%%20ticketTemplateId:%d", month,
      first_template + math.random(0, templates - 1))
  end,
  -- An order number (one ticket) and a product with a problem (1% of the tickets).
  order = function()
    local i = math.random(0, tickets - 1)
    return string.format("/api/v1/tickets/search.json?query=DD%08d", (i * 48271) % 100000000)
  end,
  phrase = function() return "/api/v1/tickets/search.json?query=%E6%89%93%E5%8D%B0%E6%9C%BA%E6%97%A0%E6%B3%95%E8%BF%9E%E6%8E%A5" end,
  show = function() return string.format("/api/v1/tickets/%d.json", first_ticket + math.random(0, full - 1)) end,
}
local path = paths[scenario]
request = function()
  return wrk.format("GET", path())
end
