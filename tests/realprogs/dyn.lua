-- tables, strings, closures, integers and floats (tests/realprogs/dyn-cases.txt)
local t = {}
for i = 1, 2000 do t[i] = (i * 7919) % 1000 end
table.sort(t)
local s = 0
for _, v in ipairs(t) do s = s + v end
print(#t, t[1], t[#t], s)
local words = {}
for w in ("the quick brown fox jumps over the lazy dog the end"):gmatch("%a+") do
  words[w] = (words[w] or 0) + 1
end
local keys = {}
for k in pairs(words) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", words[k], " ") end
print()
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(22), 2^53, math.maxinteger, 7 // 2, 7 / 2, 10 % 3.5)
print(string.format("%.10f %.3e %g %5.2f", math.pi, 1 / 3, 1e300 * 10, math.sqrt(2)))
local acc = 0.0
for i = 1, 10000 do acc = acc + 1 / (i * i) end
print(string.format("%.12f", acc), math.floor(-3.5), math.tointeger(8.0), ("x"):rep(5, "-"))
