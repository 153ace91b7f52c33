#!/usr/bin/env bash
# Regenerates every fixture and its expected result with the simulator. Deterministic: same seeds, same files.
set -euo pipefail
plantar=${1:-.build/debug/plantar}
cd "$(dirname "$0")"
sim() { "../$plantar" simulate "$@" >/dev/null; }
for e in ankle-circles foot-flexes pencil-pickups toe-presses toe-walks; do
  sim --exercise "$e" --mass 55 --rate 100 --seed 11 --out "$e-55kg-100hz.evemu"
  sim --exercise "$e" --mass 120 --rate 25 --seed 12 --gap-every 15 --out "$e-120kg-25hz.evemu"
  sim --exercise "$e" --variant distractors --mass 82 --rate 60 --seed 13 --out "$e-distractors-82kg.evemu"
done
sim --exercise toe-presses --variant short --mass 35 --rate 12 --seed 14 --out toe-presses-short-35kg-12hz.evemu
sim --exercise pencil-pickups --variant short --mass 140 --rate 65 --seed 15 --out pencil-pickups-short-140kg.evemu
sim --exercise ankle-circles --variant short --mass 64 --rate 40 --seed 16 --out ankle-circles-short-64kg.evemu
sim --mass 70 --rate 50 --seed 7 --out routine-full-70kg.evemu
