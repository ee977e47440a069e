#!/usr/bin/env bash
# Runs the Node test project again with the system clock moved (libfaketime) to days that
# break date code: the year-end closure, the night the fiscal year changes, a leap day.
# Business time in the product comes from the injected clock and the tests freeze it, so
# every run must pass whatever the machine's date. One run uses Japan's time zone, so
# nothing may depend on the process's TZ either.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  echo "faketime is not installed (Debian: apt-get install faketime)" >&2
  exit 1
fi

run() {
  local label=$1 tz=$2 start=$3
  echo "--- the Node tests on ${label} (TZ=${tz}, clock starts at ${start})"
  # -m: one clock for every thread; --exclude-monotonic: timers and timeouts stay real;
  # FAKETIME_DONT_RESET: child processes continue the same fake clock.
  # The `load` project (load and cross-process fault runs) is left out: it holds no dates
  # (business time is frozen in the servers it starts), takes minutes, and starts workerd,
  # which is not meant to run under a preloaded libfaketime.
  TZ="$tz" FAKETIME_DONT_RESET=1 faketime -m --exclude-monotonic "$start" \
    npx vitest run --project node
}


run "the year-end closure, JST 2027-12-30" UTC "2027-12-30 01:00:00"
run "the fiscal-year change, JST 2027-03-31 23:59 → 2027-04-01" Asia/Tokyo "2027-03-31 23:59:00"
run "a leap day, JST 2028-02-29" UTC "2028-02-29 01:00:00"
