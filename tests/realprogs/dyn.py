# a dict-heavy loop, float formatting, big integers, sets (tests/realprogs/dyn-cases.txt)
d = {}
for i in range(20000):
    d[str(i * 7919 % 10007)] = i
print(len(d), sum(d.values()) % 1000003)
print("%.10f %e %g" % (3.141592653589793, 1/3, 2.5e-7), repr(0.1 + 0.2))
print(2**200, pow(3, 1000, 10**9 + 7), (12345678901234567890 * 98765432109876543210) // 7)
print(sorted(set("the quick brown fox jumps".split())))
