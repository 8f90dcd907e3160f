#!/usr/bin/env bash
# Separation benchmark, one command: quality on the dev and heldout sets, speed, memory.
#
#   Benchmarks/separation/run.sh            everything
#   Benchmarks/separation/run.sh quality    only the quality tables (SETS="dev heldout" by default;
#                                           SETS="devseed777 devseed778" adds private dev-style variants)
#   Benchmarks/separation/run.sh speed      only the real-time factor (one core, 30 s song)
#   Benchmarks/separation/run.sh memory     only peak memory for 10- and 60-minute stereo songs
#
# Needs the benchmark kit (gen.py, evaluate.py, requirements.txt) from ../shared/bench/separation
# (or SEPARATION_BENCH=dir) and Debian's fluidsynth fluid-soundfont-gm espeak-ng sox.
# Generated data, estimates and the venv stay under Benchmarks/out and Benchmarks/.venv (ignored by git).
# UVR_SPECTRAL="key=value,…" overrides SpectralSettings (tune on dev only, never on heldout).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
WHAT="${1:-all}"
SETS="${SETS:-dev heldout}"

KIT="${SEPARATION_BENCH:-}"
for candidate in "$KIT" "$ROOT/../shared/bench/separation" /work/shared/bench/separation; do
    if [[ -n "$candidate" && -f "$candidate/gen.py" ]]; then KIT="$candidate"; break; fi
done
[[ -f "$KIT/gen.py" ]] || { echo "run.sh: benchmark kit not found; set SEPARATION_BENCH" >&2; exit 1; }

OUT="$ROOT/Benchmarks/out/separation"
VENV="$ROOT/Benchmarks/.venv"
mkdir -p "$OUT"

# museval imports stempeg, which refuses to load without ffmpeg although evaluate.py never uses it.
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
    mkdir -p "$OUT/ffmpeg-stub"
    for tool in ffmpeg ffprobe; do
        printf '#!/bin/sh\necho "%s stub: only imported by museval, never run" >&2\nexit 1\n' "$tool" > "$OUT/ffmpeg-stub/$tool"
        chmod +x "$OUT/ffmpeg-stub/$tool"
    done
    export PATH="$OUT/ffmpeg-stub:$PATH"
fi

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import museval, mido, soundfile' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r "$KIT/requirements.txt"
fi
swift build -c release --product uvr-separate-bench 2>&1 | tail -1
BENCH_BIN="$ROOT/.build/release/uvr-separate-bench"

generate() {  # $1 = set: dev, heldout, or devseedN / heldoutseedN (a private variant, gen.py --seed N)
    local base="$1" seed=()
    if [[ "$1" =~ ^([a-z]+)seed([0-9]+)$ ]]; then base="${BASH_REMATCH[1]}"; seed=(--seed "${BASH_REMATCH[2]}"); fi
    [[ -f "$OUT/data/$1/manifest.json" ]] || (cd "$OUT" && "$VENV/bin/python" "$KIT/gen.py" --set "$base" "${seed[@]}" --out "data/$1")
}

quality() {
    for set in $SETS; do
        generate "$set"
        # The floor: the untouched mixture as both estimates (scored once, then cached).
        if [[ ! -f "$OUT/est/mixture-$set/scores.json" ]]; then
            for song in "$OUT/data/$set"/*/; do
                name=$(basename "$song"); mkdir -p "$OUT/est/mixture-$set/$name"
                ln -sf "$song/mixture.wav" "$OUT/est/mixture-$set/$name/vocals.wav"
                ln -sf "$song/mixture.wav" "$OUT/est/mixture-$set/$name/instrumental.wav"
            done
            "$VENV/bin/python" "$KIT/evaluate.py" "$OUT/est/mixture-$set" "$OUT/data/$set" --jobs 2 >/dev/null
        fi
        rm -rf "$OUT/est/$set"
        "$BENCH_BIN" --set "$OUT/data/$set" "$OUT/est/$set" >/dev/null
        "$VENV/bin/python" "$KIT/evaluate.py" "$OUT/est/$set" "$OUT/data/$set" --jobs 2 --label "$set" | sed -n '/^song/,$p' | grep -v '^wrote'
        "$VENV/bin/python" "$ROOT/Benchmarks/separation/check.py" "$set" "$OUT/est/$set/scores.json" "$OUT/est/mixture-$set/scores.json"
    done
}

speed() {
    generate dev
    local song="$OUT/data/dev/d1_pop_centre/mixture.wav" best=""
    for run in 1 2 3 4 5; do
        line=$(taskset -c 0 "$BENCH_BIN" "$song" "$OUT/speed" | grep -o 'real-time factor [0-9.]*' | awk '{print $3}')
        if [[ -z "$best" ]] || awk "BEGIN{exit !($line < $best)}"; then best=$line; fi
    done
    echo "speed: real-time factor on one core (30 s stereo 44.1 kHz WAV in, two 24-bit WAVs out, decode+encode included), best of 5: $best (target <= 0.01)"
}

memory() {
    generate dev
    generate heldout
    if [[ ! -f "$OUT/long/60min.wav" ]]; then
        mkdir -p "$OUT/long"
        sox "$OUT"/data/dev/*/mixture.wav "$OUT"/data/heldout/*/mixture.wav "$OUT/long/6min.wav"
        sox "$OUT/long/6min.wav" "$OUT/long/6min.wav" "$OUT/long/10min.wav" trim 0 600
        sox "$OUT/long/6min.wav" "$OUT/long/60min.wav" repeat 9
        rm "$OUT/long/6min.wav"
    fi
    for minutes in 10 60; do
        /usr/bin/time -v "$BENCH_BIN" "$OUT/long/${minutes}min.wav" "$OUT/long/out" 2> "$OUT/long/time-$minutes.txt" | sed 's/: .*//'
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/long/time-$minutes.txt")
        echo "memory: ${minutes}-minute stereo song: peak RSS $((rss / 1024)) MB"
    done
    rm -rf "$OUT/long/out"
}

case "$WHAT" in
    all) quality; speed; memory ;;
    quality) quality ;;
    speed) speed ;;
    memory) memory ;;
    *) echo "usage: run.sh [all|quality|speed|memory]" >&2; exit 64 ;;
esac
