#!/usr/bin/env bash
# Runs the six seed experiments on real CIFAR-10 through the local stack and plots them:
# `optimizers` on the full 50,000/10,000 split for 5 epochs, the others on 10,000/2,000 for 5.
# Reports land in .lab/reports/<experimentId>/ (summary.json, curves.csv, PNG plots).
# Usage: bench/seed-experiments.sh   (the stack must be up: LAB_CIFAR10_SOURCE=... ./lab up)
set -euo pipefail
cd "$(dirname "$0")/.."
ids=()
submit() { ./lab run "$@" | awk '/^EXPERIMENT /{print $2}'; }
ids+=("$(submit optimizers --epochs 5)")
for seed in adam-lr schedules init batchnorm clipping; do
  ids+=("$(submit "$seed" --epochs 5 --train-size 10000 --val-size 2000)")
done
printf '%s\n' "${ids[@]}" > .lab/seed-experiments.txt
for id in "${ids[@]}"; do
  java -Djava.awt.headless=true -cp "$(ls lab-cli/target/lab-cli-*.jar):lab-cli/target/lib/*" dev.optlab.cli.LabCli watch \
    "http://127.0.0.1:${GATEWAY_PORT:-8080}" "http://127.0.0.1:${METRICS_PORT:-8082}" "$id" \
    --report .lab/reports --interval 60 | tail -8
done
