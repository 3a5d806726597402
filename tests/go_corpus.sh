#!/bin/bash
# go_corpus.sh — run Go's own test programs under gol and say which behave as Go's do.
#
#   bash tests/go_corpus.sh [GOL] [GO_TEST_DIR]
#
# Go's source tree has a test/ folder of small programs that the Go team runs against every
# compiler; the ones headed `// run` must compile, exit 0 and print exactly their NAME.out file
# (or nothing). Debian's golang-1.19-src package installs them in /usr/share/go-1.19/test. They
# are an independent check of gol's claim to be Go 1.19 (DESIGN §1): nobody wrote them for gol.
#
# The programs that use what gol leaves out for good (reflect, complex numbers, generics) are
# skipped, by a plain grep of their text; everything else runs, so a package or feature still to
# come shows as failures. Every other one is run from its own folder with a 10 s limit; a pass is exit status
# 0 with the expected output (gol's warnings on stderr are ignored). The summary line is
# `go corpus: P passed, F failed, S skipped`; each failure is listed with the first lines gol printed.
# Not part of `make test` (it needs the Go sources, and it measures progress rather than guarding
# it); docs/testing.md says how to read it.
GOL=$(realpath "${1:-./gol}")
DIR=${2:-/usr/share/go-1.19/test}
if [ ! -d "$DIR" ]; then
    echo "go_corpus: $DIR not found (apt-get install golang-1.19-src)" >&2
    exit 1
fi
cd "$DIR" || exit 1
skip_re='"reflect"|complex|\[T any\]|\[T |\[K comparable'
pass=0 fail=0 skipped=0
for f in $(grep -l '^// run$' *.go ken/*.go interface/*.go fixedbugs/*.go | sort); do
    if grep -Eq "$skip_re" "$f"; then skipped=$((skipped + 1)); continue; fi
    raw=$(cd "$(dirname "$f")" && timeout 10 "$GOL" run "$(basename "$f")" 2>&1 </dev/null)
    rc=$?
    out=$(printf '%s\n' "$raw" | grep -v ': warning: ')
    want=""
    [ -f "${f%.go}.out" ] && want=$(cat "${f%.go}.out")
    if [ "$rc" -eq 0 ] && [ "$out" == "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $f (exit $rc): $(printf '%s' "$out" | head -2 | tr '\n' ' ' | cut -c1-160)"
    fi
done
echo "go corpus: $pass passed, $fail failed, $skipped skipped"
