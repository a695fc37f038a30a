# zsh: functions, arithmetic (integer and float), arrays, associative arrays, globbing with
# qualifiers, parameter flags, here-strings, printf -- builtins only, nothing that forks.
emulate zsh
setopt extendedglob nullglob
fact() { local -i r=1 i; for (( i = 2; i <= $1; i++ )); do (( r *= i )); done; REPLY=$r }
fact 12; print "fact 12 = $REPLY"
print "arith: $(( 7 * 6 )) $(( 2 ** 31 )) $(( 17 % 5 )) $(( 10.0 / 4 )) $(( 1e3 + 0.5 ))"
typeset -a fruits=(banana apple cherry date)
print "array: ${#fruits} $fruits[2] ${(o)fruits} ${(O)fruits} ${fruits[2,3]}"
typeset -A ages=(ann 31 bob 27 cid 45)
print "assoc: ${(k)#ages} ${(ko)ages} $ages[bob]"
: > one.txt; : > two.txt; : > three.log
print "glob: " *.txt(N) "|" ^*.txt(N) "|" *(.On)
read -r w1 w2 <<< "alpha beta gamma"
print "here-string: $w1 / $w2"
s="Hello, Zsh World"
print "flags: ${(U)s} ${(L)s} ${(s:, :)s[1]} ${#s} ${s:gs/o/0/} ${(j:-:)${(s: :)s}}"
printf '%05d|%-6s|%x|%.3f\n' 42 ab 255 3.14159
integer n=0; while (( n < 7 )); do (( n++ )); done; print "loop: $n"
for k v in ${(kv)ages}; do print -n "$k=$v "; done; print
print -l "list:" {1..3}
print "done"
