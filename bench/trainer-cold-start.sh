#!/usr/bin/env bash
# The trainer service's real cold start (issue 4): a fresh trainer-service JVM with an empty shard
# cache, started as ./lab starts it, preloads CIFAR-10 from dataset-service (fetch every shard,
# verify SHA-256, hold all 60,000 images in memory) and logs the time; curl fetches the same
# shards from the same service just before and just after each round: one curl process for all
# 12 shards (one connection, as the trainer uses) to /dev/null; the same writing them to files
# (keeping the bytes, as the trainer must); and, as the earlier figures did, one curl per shard
# (12 process starts included). All over loopback, one run.
# Usage: bench/trainer-cold-start.sh [ROUNDS] [CIFAR10_SOURCE]   (needs the jars: mvn install)
# TRAINER_JAR=path/quarkus-run.jar times another build (A/B against a copy of an earlier one).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
source="${2:-$PWD/../shared/data/cifar10}"
port=18083
tport=18081
work=$(mktemp -d)
trap 'kill $ds ${tr:-} 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/dataset-service.sh.inc
curl_one # the service's own first serving
printf 'round  curl_1proc  curl_files  curl_12proc  trainer_load  vs_1proc  vs_files  vs_12proc\n'
ratios=()
ratios_files=()
ratios12=()
for round in $(seq 1 "$rounds"); do
  before=$(timed curl_one)
  before_files=$(timed curl_files)
  rm -rf "$work/files"
  before12=$(timed curl_each)
  rm -rf "$work/cache"
  # As ./lab starts the trainer; Kafka is not needed to preload (no runs are taken).
  MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 \
    DJL_OFFLINE=true OPT_OUT_TRACKING=true TRAINER_PORT=$tport DATASET_URL="$url" \
    LAB_CACHE_DIR="$work/cache" LAB_CHECKPOINT_DIR="$work/ckpt" TRAINER_CONSUME_RUNS=false \
    KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 \
    java -Xmx512m ${TRAINER_GC:--XX:+UseParallelGC} ${TRAINER_JAVA_OPTS:-} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 \
    -jar "${TRAINER_JAR:-trainer-service/target/quarkus-app/quarkus-run.jar}" >"$work/trainer.log" 2>&1 &
  tr=$!
  for _ in $(seq 1 240); do
    grep -q "loaded in\|not preloaded" "$work/trainer.log" && break
    sleep 0.25
  done
  load=$(sed -n 's/.*dataset cifar10 version .* loaded in \([0-9.]*\) s.*/\1/p' "$work/trainer.log")
  [ -n "${KEEP_LOG:-}" ] && cp "$work/trainer.log" "$KEEP_LOG.$round"
  kill $tr; wait $tr 2>/dev/null || true; tr=
  [ -n "$load" ] || { tail -20 "$work/trainer.log"; echo "trainer did not preload" >&2; exit 1; }
  after=$(timed curl_one)
  after_files=$(timed curl_files)
  rm -rf "$work/files"
  after12=$(timed curl_each)
  c1=$(echo "($before + $after) / 2" | bc -l)
  cf=$(echo "($before_files + $after_files) / 2" | bc -l)
  c12=$(echo "($before12 + $after12) / 2" | bc -l)
  ratio=$(echo "$load / $c1" | bc -l)
  ratio_files=$(echo "$load / $cf" | bc -l)
  ratio12=$(echo "$load / $c12" | bc -l)
  ratios+=("$ratio")
  ratios_files+=("$ratio_files")
  ratios12+=("$ratio12")
  printf '%5d  %10.3f  %10.3f  %11.3f  %12.3f  %8.2f  %8.2f  %9.2f\n' \
    "$round" "$c1" "$cf" "$c12" "$load" "$ratio" "$ratio_files" "$ratio12"
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
printf 'median over %d rounds: trainer / one curl process %.2f; / one curl process writing files %.2f; / a curl per shard %.2f\n' \
  "$rounds" "$(median "${ratios[@]}")" "$(median "${ratios_files[@]}")" "$(median "${ratios12[@]}")"
# The part of the trainer's load that curl to /dev/null never pays: fresh memory for the shards.
if command -v cc >/dev/null; then
  cc -O2 -o "$work/fresh_memory" bench/fresh_memory.c
  faults=()
  for _ in $(seq 1 "$rounds"); do faults+=("$("$work/fresh_memory" "$bytes")"); done
  c1=$(timed curl_one)
  fault=$(median "${faults[@]}")
  printf 'faulting in %d bytes of fresh memory (C, 4 KB pages), median of %d: %.3f s = %.2f x one curl process (%.3f s)\n' \
    "$bytes" "$rounds" "$fault" "$(echo "$fault / $c1" | bc -l)" "$c1"
fi
