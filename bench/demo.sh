#!/usr/bin/env bash
# Times `./lab demo` from a fresh clone of this repository's HEAD (build included) and prints
# the demo's comparison table. Usage: bench/demo.sh [CIFAR10_SOURCE]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
source="${1:-$repo/../shared/data/cifar10}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/lab"
cd "$work/lab"
start=$(date +%s.%N)
LAB_CIFAR10_SOURCE="$source" ./lab demo | tee "$work/demo.log" | grep -E '^(run |SGD|RMSprop|Adam|report:)|wall time'
end=$(date +%s.%N)
printf 'fresh clone -> demo exit: %.0f s (build, broker, services, import, 4 runs x 3 epochs, report, down)\n' \
  "$(echo "$end - $start" | bc)"
