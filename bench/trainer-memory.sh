#!/usr/bin/env bash
# RSS of one trainer JVM across 20 consecutive runs (issue 3: no growth beyond 10% after the
# first run). Settings as ./lab gives the trainer: -Xmx512m, tuned malloc, 1 libtorch thread.
# Two JVMs back to back: malloc_trim after each run (the trainer's default) and without it.
# Usage: bench/trainer-memory.sh [RUNS]   (MALLOC_TRIM_THRESHOLD_ overrides the lab's 256 MiB)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gunzip -c ../shared/data/cifar10/data_batch_1.bin.gz >"$work/data_batch_1.bin"
cp="trainer-service/target/quarkus-app/app/*:trainer-service/target/quarkus-app/lib/main/*:trainer-service/target/quarkus-app/lib/boot/*"
for trim in true false; do
  echo "== malloc_trim after each run: $trim"
  DJL_OFFLINE=true OPT_OUT_TRACKING=true MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=33554432 \
    MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-268435456}" \
    java -Xmx512m -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    -Doptlab.malloc-trim=$trim \
    -cp "$cp" dev.optlab.trainer.bench.MemoryBenchmark "$work/data_batch_1.bin" "${1:-20}" 2>/dev/null
done
