# bash: functions, arithmetic, arrays, associative arrays, globbing, here-strings, string
# operations, printf, case, loops -- builtins only, no external command and no
# command substitution (both fork).
fib() { local a=0 b=1 i; for ((i = 0; i < $1; i++)); do ((b = a + b, a = b - a)); done; result=$a; }
fib 30; echo "fib 30 = $result"
echo "arith: $(( (7 * 6) % 5 )) $(( 2 ** 20 )) $(( -17 / 5 )) $(( 0x1f | 0100 )) $(( 3 > 2 ? 10 : 20 ))"
a=(zero one two three four)
a+=(five)
echo "array: ${#a[@]} ${a[2]} ${a[@]:1:3} ${!a[*]}"
declare -A color=([red]=ff0000 [green]=00ff00 [blue]=0000ff)
echo "assoc: ${#color[@]} ${color[green]}"
: > apple.txt; : > banana.txt; : > cherry.log
shopt -s nullglob
echo "glob: " *.txt
echo "glob2: " [ab]*.* *.{txt,log}
echo "none: " *.nothing
read -r first rest <<< "here string with words"
echo "here-string: $first / $rest"
while IFS=: read -r user pass; do echo "user=$user pass=$pass"; done <<< "root:x
daemon:y"
s="Hello, World"
echo "string: ${s,,} ${s^^} ${#s} ${s/World/bash} ${s:7} ${s%,*} ${s#*, }"
printf '%05d|%-6s|%x|%o|%e|%s\n' 42 ab 255 8 12345.678 "$((1 << 10))"
case $s in Hel*) echo "case: matched" ;; *) echo "case: no" ;; esac
n=0; while ((n < 5)); do ((n++)); done; until ((n == 0)); do ((n--)); done; echo "loops: $n"
str=""; for w in one two three; do str+="${w:0:1}"; done; echo "concat: $str"
f() { return 3; }; f; echo "status: $?"
set -- x y z; echo "params: $# $2 $*"
echo "brace: "{a,b}{1,2}
[[ "abc123" =~ ^([a-z]+)([0-9]+)$ ]] && echo "regex: ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
echo "printf -v:"; printf -v out '%s-%s' left right; echo "$out"
echo "done"
