#!/bin/sh
# repl_tty_test.sh — the REPL in a real terminal (docs/repl.md): tmux runs `gol` in a
# detached pane, send-keys types at it and capture-pane reads the screen. Checked: a value and
# its type, recalling the previous input with the up arrow, an input continued over several
# lines (the ". " prompt), Ctrl-C stopping an endless loop and a long time.Sleep with the
# session intact, a goroutine started at the prompt running beside a sleeping input, Ctrl-D
# leaving with status 0 while it still runs, and ~/.gol_history written.
#
#   sh tests/repl_tty_test.sh GOL
#
# Needs tmux (tools/deps.sh installs it as a test dependency) and a gol built with line
# editing (libedit or readline); without them the test says so and passes (`make test` runs it
# only when tmux is there). Each step waits for its text (up to
# 10 s), so a loaded machine slows the test down instead of failing it.

if [ $# -lt 1 ]; then
    echo "usage: sh tests/repl_tty_test.sh GOL" >&2
    exit 2
fi
GOL=$1
case $GOL in /*) ;; */*) GOL=$(pwd)/$GOL ;; esac
if ! command -v tmux >/dev/null 2>&1; then
    echo "repl-tty: tmux is not installed; skipped"
    exit 0
fi
if command -v ldd >/dev/null 2>&1 && ! ldd "$GOL" | grep -qE 'libedit|libreadline'; then
    echo "repl-tty: $GOL was built without line editing (no libedit or readline); skipped"
    exit 0
fi
home=$(mktemp -d "${TMPDIR:-/tmp}/gol-tty.XXXXXX") || exit 1
sock="$home/tmux.sock"
T="tmux -S $sock"
trap '$T kill-server 2>/dev/null; rm -rf "$home"' EXIT INT TERM
passed=0 failed=0

$T new-session -d -s repl -x 100 -y 50 "env HOME='$home' TERM=xterm '$GOL'; echo \"gol exited \$?\"; sleep 60"

screen() { $T capture-pane -t repl -p -S -200; }

# wait_for COUNT TEXT: until TEXT appears on COUNT lines of the screen (10 s at most)
wait_for() {
    i=0
    while [ $i -lt 100 ]; do
        n=$(screen | grep -cF -- "$2")
        [ "$n" -ge "$1" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

check() {   # check NAME COUNT TEXT
    if wait_for "$2" "$3"; then
        passed=$((passed + 1))
    else
        echo "FAIL $1: \"$3\" not seen $2 time(s); the screen:"
        screen | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}

check start 1 "Ctrl-D to leave"
$T send-keys -t repl 'x := 21' Enter 'x * 2' Enter
check value 1 "42  // int"
$T send-keys -t repl Up Enter
check history-recall 2 "42  // int"
$T send-keys -t repl 'func next(n int) int {' Enter 'return n + 1' Enter
check continuation 1 ". return n + 1"
$T send-keys -t repl '}' Enter 'next(x)' Enter
check multi-line 1 "22  // int"
$T send-keys -t repl 'for {}' Enter
sleep 0.3
$T send-keys -t repl C-c
check interrupt 1 "interrupted"
$T send-keys -t repl 'x + 100' Enter
check after-interrupt 1 "121  // int"
$T send-keys -t repl 'time.Sleep(time.Hour)' Enter
sleep 0.3
$T send-keys -t repl C-c
check interrupt-sleep 1 "goroutine 1 [sleep]:"
$T send-keys -t repl 'go func() { for { x++ } }()' Enter 'time.Sleep(50 * time.Millisecond)' Enter 'x > 121' Enter
check sleep-beside-spinner 1 "true  // bool"
$T send-keys -t repl C-d
check exit 1 "gol exited 0"
if grep -q 'x\\040:=\\04021\|x := 21' "$home/.gol_history" 2>/dev/null; then
    passed=$((passed + 1))
else
    echo "FAIL history-file: ~/.gol_history does not hold the inputs"
    failed=$((failed + 1))
fi
echo "repl-tty: $passed passed, $failed failed"
[ $failed -eq 0 ]
