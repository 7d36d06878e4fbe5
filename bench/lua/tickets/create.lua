-- POST /api/v1/tickets.json: a ticket with a first reply, durable before the answer. Its text
-- matches none of the searches' terms, so a run on a reused data set searches what was loaded.
dofile("bench/lua/common.lua")
wrk.method = "POST"
wrk.path = "/api/v1/tickets.json"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"ticket":{"subject":"压测：新工单","descript":"压测写入的工单","custUserId":"' ..
  os.getenv("A_CONTACT") .. '","ticketReply":{"replyMsg":"已收到，正在处理"}}}'
