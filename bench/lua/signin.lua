-- 5. POST /api/v1/signin.json as a field agent ($AUTH is that agent's credentials)
dofile("bench/lua/common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"signIn":{"remark":"压测签到","tags":["签到"],"checkinTime":"2024-06-01 09:00:00",' ..
  '"current":{"address":"北京市北京市东城区","landmark":"汉威城","latitude":"39.923807","longitude":"116.40231"}}}'
