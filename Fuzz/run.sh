#!/usr/bin/env bash
# Runs one libFuzzer target for a time budget, seeded from the project's own files.
#   Fuzz/run.sh TARGET SECONDS [SEED]      TARGET: evemu, profile, routine, usb-report
# With a SEED the run is repeatable (the smoke run in `make test` uses one, so a failure there reproduces here);
# without one, libFuzzer picks a new seed each run (`make fuzz`).
# A crash is saved under Fuzz/regressions/TARGET/ (the tests replay those files) and fails the run.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-60}
seed=${3:-0}
case $target in
  evemu) bin=FuzzEvemu; seeds=(../Fixtures/*.evemu ../Fixtures/faults/*.evemu) ;;
  profile) bin=FuzzProfile; seeds=(../Sources/PlantarInput/Profiles/*.toml) ;;
  routine) bin=FuzzRoutine; seeds=(../Tests/Routines/*.toml) ;;
  usb-report) bin=FuzzUSBReport; seeds=() ;;
  *) echo "unknown fuzz target $target" >&2; exit 64 ;;
esac
work=.build/fuzz-work/$target
rm -rf "$work"
mkdir -p "$work/corpus" "$work/crashes" "regressions/$target"
# Seeds: the start of each file (the fuzzer's length limit), plus any earlier regressions.
for f in "${seeds[@]}"; do [ -f "$f" ] && head -c 4096 "$f" > "$work/corpus/$(basename "$f")"; done
cp regressions/$target/* "$work/corpus/" 2>/dev/null || true
[ "$target" = usb-report ] && printf '\x01\x00\x10\x27\x20\x4e\x30\x75\x40\x9c' > "$work/corpus/report"
set +e
# Swift's own crash backtracer would take the signal first and libFuzzer would save no input: leave it to libFuzzer.
SWIFT_BACKTRACE=enable=no ".build/release/$bin" -max_total_time="$seconds" -seed="$seed" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
  -artifact_prefix="$work/crashes/" -print_final_stats=1 "$work/corpus" > "$work/log" 2>&1
rc=$?
set -e
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1)
echo "fuzz $target: ${runs:-?} executions in ${seconds}s (seed $seed), ${cov:-cov: ?}, exit $rc"
if [ $rc != 0 ] || ls "$work/crashes/"* >/dev/null 2>&1; then
  for c in "$work/crashes/"*; do [ -f "$c" ] && cp "$c" "regressions/$target/" && echo "  saved $(basename "$c") to Fuzz/regressions/$target/"; done
  tail -30 "$work/log"
  exit 1
fi
