#!/usr/bin/env bash
# One epoch through the whole service (run request from Kafka, data from dataset-service via the
# shard cache, a metric event per step and status events out) vs the bare loop on the same data
# and spec in one JVM, interleaved 3 times (issue 3 target: <= 1.05x). The service's time is the
# trainer's own "completed N steps in T s" (STARTED to end); the bare loop times the same work.
# Usage: bench/service-overhead.sh   (the stack must be up and idle: ./lab up)
set -euo pipefail
cd "$(dirname "$0")/.."
spec='{optimizer: {type: sgd, learningRate: 0.01, momentum: 0.9}, epochs: 1, trainSize: 10000, valSize: 2000}'
cp="trainer-service/target/quarkus-app/app/*:trainer-service/target/quarkus-app/lib/main/*:trainer-service/target/quarkus-app/lib/boot/*"
threads="${TRAINER_THREADS:-2}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'name: overhead\nbase: %s\n' "$spec" >"$work/overhead.yaml"
service_run() {
  local id
  id=$(./lab run "$work/overhead.yaml" | awk '/^EXPERIMENT /{print $2}')
  until curl -fs "http://127.0.0.1:${GATEWAY_PORT:-8080}/api/experiments/$id" | grep -q '"state":"COMPLETED"'; do sleep 1; done
  curl -fs "http://127.0.0.1:${GATEWAY_PORT:-8080}/api/experiments/$id" | grep -o 'completed [0-9]* steps in [0-9.]* s' | grep -o '[0-9.]* s$' | tr -d ' s'
}
bare_run() {
  DJL_OFFLINE=true OPT_OUT_TRACKING=true MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 \
    java -Xmx512m ${BARE_JAVA_OPTS:-} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$cp" dev.optlab.trainer.bench.BareRunBenchmark "http://127.0.0.1:${DATASET_PORT:-8083}" "$work/cache" "$spec" 2>/dev/null \
    | grep -o 'in [0-9.]* s' | grep -o '[0-9.]*'
}
printf '%-6s %10s %10s %8s\n' round bare_s service_s ratio
for round in 1 2 3; do
  b=$(bare_run); s=$(service_run)
  printf '%-6s %10.2f %10.2f %8.3f\n' "$round" "$b" "$s" "$(echo "$s / $b" | bc -l)"
done
