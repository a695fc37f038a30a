-- Lua benchmark (bench/suite/suite.py): floating-point kernels (x87 code in the i386 build, soft
-- float in the RV32IM one) and table and string work; arg[1] scales the work. It prints only
-- results, in formats that every C library rounds alike, so all builds print the same bytes.
local n = tonumber(arg and arg[1]) or 1

local function nbody(steps)
  local pi, days = math.pi, 365.24
  local sm = 4 * pi * pi
  local b = {
    {0, 0, 0, 0, 0, 0, sm},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * days, 7.69901118419740425e-03 * days, -6.90460016972063023e-05 * days,
     9.54791938424326609e-04 * sm},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * days, 4.99852801234917238e-03 * days, 2.30417297573763929e-05 * days,
     2.85885980666130812e-04 * sm},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * days, 2.37847173959480950e-03 * days, -2.96589568540237556e-05 * days,
     4.36624404335156298e-05 * sm},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * days, 1.62824170038242295e-03 * days, -9.51592254519715870e-05 * days,
     5.15138902046611451e-05 * sm},
  }
  local px, py, pz = 0, 0, 0
  for i = 1, #b do
    px, py, pz = px + b[i][4] * b[i][7], py + b[i][5] * b[i][7], pz + b[i][6] * b[i][7]
  end
  b[1][4], b[1][5], b[1][6] = -px / sm, -py / sm, -pz / sm
  local dt = 0.01
  for _ = 1, steps do
    for i = 1, #b do
      local bi = b[i]
      for j = i + 1, #b do
        local bj = b[j]
        local dx, dy, dz = bi[1] - bj[1], bi[2] - bj[2], bi[3] - bj[3]
        local d2 = dx * dx + dy * dy + dz * dz
        local mag = dt / (d2 * math.sqrt(d2))
        local mi, mj = bi[7] * mag, bj[7] * mag
        bi[4], bi[5], bi[6] = bi[4] - dx * mj, bi[5] - dy * mj, bi[6] - dz * mj
        bj[4], bj[5], bj[6] = bj[4] + dx * mi, bj[5] + dy * mi, bj[6] + dz * mi
      end
    end
    for i = 1, #b do
      local bi = b[i]
      bi[1], bi[2], bi[3] = bi[1] + dt * bi[4], bi[2] + dt * bi[5], bi[3] + dt * bi[6]
    end
  end
  local e = 0
  for i = 1, #b do
    local bi = b[i]
    e = e + 0.5 * bi[7] * (bi[4] * bi[4] + bi[5] * bi[5] + bi[6] * bi[6])
    for j = i + 1, #b do
      local bj = b[j]
      local dx, dy, dz = bi[1] - bj[1], bi[2] - bj[2], bi[3] - bj[3]
      e = e - bi[7] * bj[7] / math.sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function spectral(N)
  local function A(i, j)
    local ij = i + j - 1
    return 1.0 / (ij * (ij - 1) * 0.5 + i)
  end
  local function Av(x, y)
    for i = 1, N do
      local a = 0
      for j = 1, N do a = a + x[j] * A(i, j) end
      y[i] = a
    end
  end
  local function Atv(x, y)
    for i = 1, N do
      local a = 0
      for j = 1, N do a = a + x[j] * A(j, i) end
      y[i] = a
    end
  end
  local u, v, t = {}, {}, {}
  for i = 1, N do u[i] = 1 end
  for _ = 1, 10 do
    Av(u, t); Atv(t, v); Av(v, t); Atv(t, u)
  end
  local vBv, vv = 0, 0
  for i = 1, N do
    local ui, vi = u[i], v[i]
    vBv, vv = vBv + ui * vi, vv + vi * vi
  end
  return math.sqrt(vBv / vv)
end

local function mandel(N)
  local count = 0
  for y = 0, N - 1 do
    local ci = 2.0 * y / N - 1.0
    for x = 0, N - 1 do
      local cr = 2.0 * x / N - 1.5
      local zr, zi, k = 0.0, 0.0, 0
      while k < 50 and zr * zr + zi * zi <= 4.0 do
        zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
        k = k + 1
      end
      if k == 50 then count = count + 1 end
    end
  end
  return count
end

local function words(N)
  local seed = 42
  local function rnd(m)
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % m
  end
  local syll = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "qu", "ph", "or"}
  local freq, order = {}, {}
  for _ = 1, N do
    local w = {}
    for _ = 1, 1 + rnd(3) do w[#w + 1] = syll[1 + rnd(#syll)] end
    local s = table.concat(w)
    if not freq[s] then freq[s] = 0; order[#order + 1] = s end
    freq[s] = freq[s] + 1
  end
  table.sort(order, function(a, b)
    if freq[a] ~= freq[b] then return freq[a] > freq[b] end
    return a < b
  end)
  local top = {}
  for i = 1, 5 do top[i] = order[i] .. "=" .. freq[order[i]] end
  return #order, table.concat(top, " "), string.upper(order[#order]):rep(2):gsub("A", "4")
end

local e, s, m, k, top, last = 0, 0, 0
for r = 1, n do
  e = e + nbody(60)
  s = s + spectral(8 + r % 3)
  m = m + mandel(12)
  k, top, last = words(400 + 17 * r)
end
print(string.format("nbody energy %.9f", e / n))
print(string.format("spectral norm %.9f", s / n))
print(string.format("mandelbrot %d", m))
print(string.format("words %d: %s; %s", k, top, last))
print(string.format("float formats %.3e %g %.14g %a", e, s, 1 / 3, 0.1))
