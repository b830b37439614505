-- wrk script: each request posts one new watching event for one of many workers.
local tokens = {}
local lesson = os.getenv("LESSON_ID")
local counter = 0

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do tokens[#tokens + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

local function uuid()
  return string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end)
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local at = os.date("!%Y-%m-%dT%H:%M:%S+00:00")
  local body = string.format(
    '{"position": 15.0, "events": [{"id": "%s", "from": 0.0, "to": 15.0, "rate": 1.0, "at": "%s"}]}',
    uuid(), at)
  return wrk.format("POST", "/api/v1/lessons/" .. lesson .. "/progress",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
