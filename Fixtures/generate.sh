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

# Hard cases (noisy boards, low and irregular rates with 1.5 s gaps, light, heavy and seated users, re-positioning,
# quiet standing and fidgeting): real boards' per-corner noise up to 0.22 kg σ, intervals 0.6–1.6× the mean.
hard() { sim --noise 0.22 --jitter-max 1.6 --gap-every 10 --gap-max 1.5 "$@"; }
hard --exercise foot-flexes --mass 20 --rate 8 --seed 31 --out foot-flexes-seated-3kg-8hz-noisy.evemu
hard --exercise foot-flexes --mass 120 --rate 20 --seed 32 --out foot-flexes-seated-12kg-20hz-noisy.evemu
hard --exercise toe-presses --mass 20 --rate 10 --seed 33 --out toe-presses-20kg-10hz-noisy.evemu
hard --exercise toe-walks --mass 25 --rate 12 --seed 34 --out toe-walks-25kg-12hz-noisy.evemu
hard --exercise pencil-pickups --mass 160 --rate 15 --seed 35 --out pencil-pickups-160kg-15hz-noisy.evemu
hard --exercise ankle-circles --mass 30 --rate 10 --seed 36 --out ankle-circles-30kg-10hz-noisy.evemu
hard --exercise toe-presses --variant reposition --mass 70 --rate 20 --seed 37 --out toe-presses-reposition-70kg-20hz-noisy.evemu
hard --exercise toe-walks --variant reposition --mass 110 --rate 40 --seed 49 --out toe-walks-reposition-110kg-40hz-noisy.evemu
hard --exercise ankle-circles --variant reposition --mass 45 --rate 20 --seed 38 --out ankle-circles-reposition-45kg-20hz-noisy.evemu
hard --exercise foot-flexes --variant reposition --mass 60 --rate 16 --seed 39 --out foot-flexes-reposition-6kg-16hz-noisy.evemu
hard --exercise pencil-pickups --variant reposition --mass 90 --rate 25 --seed 47 --out pencil-pickups-reposition-90kg-25hz-noisy.evemu
hard --exercise toe-presses --variant quiet --mass 40 --rate 8 --seed 40 --out toe-presses-quiet-40kg-8hz-noisy.evemu
hard --exercise ankle-circles --variant quiet --mass 22 --rate 100 --seed 41 --out ankle-circles-quiet-22kg-100hz-noisy.evemu
hard --exercise toe-walks --variant quiet --mass 150 --rate 40 --seed 46 --out toe-walks-quiet-150kg-40hz-noisy.evemu
hard --exercise toe-presses --variant fidget --mass 35 --rate 20 --seed 42 --out toe-presses-fidget-35kg-20hz-noisy.evemu
hard --exercise ankle-circles --variant fidget --mass 50 --rate 60 --seed 43 --out ankle-circles-fidget-50kg-60hz-noisy.evemu
hard --exercise pencil-pickups --variant fidget --mass 28 --rate 9 --seed 44 --out pencil-pickups-fidget-28kg-9hz-noisy.evemu
hard --exercise foot-flexes --variant fidget --mass 30 --rate 12 --seed 45 --out foot-flexes-fidget-3kg-12hz-noisy.evemu
hard --exercise toe-walks --variant fidget --mass 65 --rate 60 --seed 48 --out toe-walks-fidget-65kg-60hz-noisy.evemu

# Region devices: a 16-cell pad sees the toes, the heels and each foot. Forward leans as far and as long as the reps,
# toes relaxed and heels down: the pad counts only the toe presses and the toe walk; the same script recorded from the
# balance board counts the leans too (its corners cannot tell them apart). Pencil pickups: the side from the regions.
pad() { sim --device pad16 --rate 20 --noise 0.015 "$@"; }
pad --exercise toe-presses --variant lean --mass 70 --seed 51 --out toe-presses-lean-70kg-pad16.evemu
sim --exercise toe-presses --variant lean --mass 70 --rate 20 --seed 51 --out toe-presses-lean-70kg-board.evemu
pad --exercise toe-walks --variant lean --mass 65 --seed 52 --out toe-walks-lean-65kg-pad16.evemu
pad --exercise pencil-pickups --mass 60 --seed 53 --out pencil-pickups-60kg-pad16.evemu
