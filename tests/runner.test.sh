#!/usr/bin/env bash
# runner.test.sh: tests/run.sh itself, on scripts made to fail in each way a script can: it must
# count a "not ok" line, a non-zero exit after "ok" lines, a death on an unset variable, a script
# that stops early with status 0 and one that prints nothing, and pass a good one.
set -u
. tests/lib.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/scripts" "$T/build/tests"
w() { cat >"$T/scripts/$1.test.sh"; }
w a-good <<'S'
. tests/lib.sh
check "one" true
done_testing
S
w b-not-ok <<'S'
. tests/lib.sh
check "one" false
done_testing
S
w c-exit-status <<'S'
echo "ok before the crash"
exit 3
S
w d-unset-variable <<'S'
set -u
echo "ok before"
echo "$no_such_variable"
echo "# done"
S
w e-stops-early <<'S'
echo "ok only this"
exit 0
S
w f-silent <<'S'
true
S
out=$(BUILD="$T/build" TEST_SCRIPTS="$T/scripts/*.test.sh" bash tests/run.sh 2>&1)
rc=$?
last=$(printf '%s\n' "$out" | tail -1)
check "runner: fails when a script fails (exit $rc)" [ "$rc" -ne 0 ]
check "runner: counts each failing script ($last)" [ "$last" = "4 passed, 5 failed" ]
for name in b-not-ok c-exit-status d-unset-variable e-stops-early f-silent; do
  check "runner: $name reported as failed" grep -q "^FAIL $name.test.sh" <<<"$out"
done
check "runner: the good script passes" grep -q "^ok   a-good.test.sh (1 passed, 0 failed)" <<<"$out"
check "runner: says why a script that stopped early failed" grep -q "e-stops-early.test.sh: stopped before its end" <<<"$out"
done_testing
