#define STR2(x) #x
#define STR(x) STR2(x)
#include STR(VTOP.h)
#include <cstdio>
#include <cstdlib>
#include <random>
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  std::mt19937 rng(argc > 2 ? atoi(argv[2]) : 1);
  VTOP t; long hits = 0;
  t.rst_ni = 0; t.clk_i = 0; t.eval(); t.rst_ni = 1; t.eval();
  for (long i = 0; i < n; i++) {
    t.r0 = rng(); t.r1 = rng(); t.r2 = rng(); t.r3 = rng(); t.r4 = rng(); t.r5 = rng(); t.r6 = rng(); t.r7 = rng();
    t.eval();
    if (t.bad) { t.clk_i = 1; t.eval(); printf("MISMATCH at cycle %ld\n", i); return 1; }
    t.clk_i = 1; t.eval(); t.clk_i = 0; t.eval();
    if (t.bad) { printf("MISMATCH after edge %ld\n", i); return 1; }
  }
  printf("OK %ld cycles\n", n); return 0;
}
