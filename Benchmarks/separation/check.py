#!/usr/bin/env python3
"""Compare a set's scores with issue 4's targets and with the untouched mixture.

    check.py SET scores.json mixture-scores.json
"""
import json
import sys

TARGETS = {  # median vocals SDR, accompaniment SDR, vocals SI-SDR
    'dev': (7.0, 8.5, 2.5),
    'heldout': (5.0, 8.0, 1.0),
}

set_name, scores_path, mixture_path = sys.argv[1:4]
scores = json.load(open(scores_path))
mixture = json.load(open(mixture_path))
worst = None
print(f'{"song":22} | accomp. SDR  vs untouched mixture')
for song, s in sorted(scores['songs'].items()):
    ours = s['accompaniment']['SDR']
    floor = mixture['songs'][song]['accompaniment']['SDR']
    delta = ours - floor
    worst = delta if worst is None else min(worst, delta)
    print(f'{song:22} | {ours:10.2f}  {delta:+6.2f} dB')
median = scores['aggregate']['median']
got = (median['vocals']['SDR'], median['accompaniment']['SDR'], median['vocals']['SI_SDR'])
want = TARGETS.get(set_name)
line = f'{set_name}: median vocals SDR {got[0]:.2f}, accomp. SDR {got[1]:.2f}, vocals SI-SDR {got[2]:.2f}; worst accomp. vs mixture {worst:+.2f} dB'
if want:
    ok = all(g >= w for g, w in zip(got, want)) and worst >= -2.0
    line += f'  (targets {want[0]} / {want[1]} / {want[2]}, >= -2 dB: {"met" if ok else "NOT met"})'
print(line)
