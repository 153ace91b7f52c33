#!/usr/bin/env bash
# Regenerates every fixture and its expected result with the simulator. Deterministic: same seeds, same files.
set -euo pipefail
plantar=${1:-.build/debug/plantar}
bin=$(cd "$(dirname "$plantar")" && pwd)/$(basename "$plantar")
cd "$(dirname "$0")"
sim() { "$bin" simulate "$@" >/dev/null; }
for e in ankle-circles foot-flexes pencil-pickups toe-presses toe-walks; do
  sim --exercise "$e" --mass 55 --rate 100 --seed 11 --out "$e-55kg-100hz.evemu"
  sim --exercise "$e" --mass 120 --rate 25 --seed 12 --gap-every 15 --out "$e-120kg-25hz.evemu"
  sim --exercise "$e" --variant distractors --mass 82 --rate 60 --seed 13 --out "$e-distractors-82kg.evemu"
done
sim --exercise toe-presses --variant short --mass 35 --rate 12 --seed 14 --out toe-presses-short-35kg-12hz.evemu
sim --exercise pencil-pickups --variant short --mass 140 --rate 65 --seed 15 --out pencil-pickups-short-140kg.evemu
sim --exercise ankle-circles --variant short --mass 64 --rate 40 --seed 16 --out ankle-circles-short-64kg.evemu
sim --mass 70 --rate 50 --seed 7 --out routine-full-70kg.evemu

# Signal faults (README, Reliability): each fixture's documented outcome is asserted in FaultFixtureTests.
mkdir -p faults
fault() { name=$1; ex=$2; seed=$3; shift 3; sim --exercise "$ex" --mass 75 --rate 60 --seed "$seed" --gap-every 0 "$@" --out "faults/$name.evemu"; rm -f "faults/$name.expected.json"; }
fault pencil-pickups-gap-1s pencil-pickups 21 --fault gap@19+1
fault pencil-pickups-gap-3s pencil-pickups 21 --fault gap@19+3
fault pencil-pickups-gap-8s pencil-pickups 21 --fault gap@30+8
fault pencil-pickups-clock-jump-5s pencil-pickups 21 --fault jump@33+5
fault pencil-pickups-saturated-corner pencil-pickups 21 --fault saturated:0@20+0.5 --fault saturated:1@45+4
fault toe-presses-dropped-burst toe-presses 22 --fault dropped@12.5+0.4
fault toe-presses-stuck-corner toe-presses 22 --fault stuck:2@8+999
fault toe-presses-dead-corner toe-presses 22 --fault dead:3@0+999
fault toe-presses-dead-corner-mid toe-presses 22 --fault dead:3@20+999
