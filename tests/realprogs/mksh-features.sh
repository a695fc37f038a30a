# mksh: functions, arithmetic, arrays, globbing, here-strings, string operations, printing --
# builtins only, nothing that forks.
fib() { typeset a=0 b=1 i=0; while (( i < $1 )); do (( b = a + b, a = b - a, i++ )); done; REPLY=$a; }
fib 25; print "fib 25 = $REPLY"
print "arith: $(( (7 * 6) % 5 )) $(( 1 << 20 )) $(( -17 / 5 )) $(( 0x1f | 8#100 )) $(( 3 > 2 ? 10 : 20 ))"
set -A a zero one two three four
print "array: ${#a[*]} ${a[2]} ${a[*]}"
: > apple.txt; : > banana.txt; : > cherry.log
print "glob: " *.txt
print "glob2: " [ab]*.* *.@(txt|log)
read -r first rest <<< "here string with words"
print "here-string: $first / $rest"
s="Hello, World"
typeset -u up=$s; typeset -l low=$s
print "string: $up $low ${#s} ${s#*, } ${s%,*} ${s/World/mksh}"
case $s in Hel*) print "case: matched" ;; *) print "case: no" ;; esac
n=0; while (( n < 5 )); do (( n++ )); done; print "loop: $n"
set -- x y z; print "params: $# $2 $*"
print "done"
