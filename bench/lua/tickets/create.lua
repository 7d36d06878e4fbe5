-- POST /api/v1/tickets.json: a ticket with a first reply, durable before the answer.
dofile("bench/lua/common.lua")
wrk.method = "POST"
wrk.path = "/api/v1/tickets.json"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"ticket":{"subject":"压测：打印机无法连接","descript":"办公室的打印机连不上","custUserId":"' ..
  os.getenv("A_CONTACT") .. '","ticketReply":{"replyMsg":"已收到，正在处理"}}}'
