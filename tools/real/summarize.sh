#!/usr/bin/env bash
# Replays each converted recording as each exercise; one line per (recording, exercise): baseline, counted reps,
# attempts (start s, duration s, side), circles. usage: summarize.sh PLANTAR FILE.evemu... (ids via EXERCISES)
plantar=$1; shift
for f in "$@"; do
  for ex in ${EXERCISES:-toe-presses pencil-pickups ankle-circles toe-walks}; do
    "$plantar" replay "$f" --exercise "$ex" --json 2>/dev/null | python3 -c "
import json, sys
r = json.load(sys.stdin); e = r['exercises'][0]; b = r['baseline']
reps = ' '.join('%.1f+%.1f%s' % (x['start'], x['duration'], ('/' + x['side'][0]) if x.get('side') else '') for x in e['reps'])
c = e.get('circles')
print('%s | %s | %s | %d | %s%s' % ('$(basename "$f" .evemu)', '$ex', ('%.1f kg' % b['load_kg']) if b else 'none',
      e['counted_reps'], reps if len(reps) < 160 else reps[:157] + '...', (' | cw %d ccw %d' % (c['clockwise'], c['counterclockwise'])) if c else ''))
"
  done
done
