#!/usr/bin/env bash
# metrics-service under load through the real broker (issue 6): throughput (target >= 50,000
# events/s, beside the broker's own produce rate as the ceiling) and latency from the event's
# timestamp to the point being visible (target p99 <= 250 ms at 2,000 events/s).
# Usage: bench/metrics.sh   (the stack must be up: ./lab up; uses its broker and metrics-service)
set -euo pipefail
cd "$(dirname "$0")/.."
cp="$(ls bench-tools/target/bench-tools-*.jar):bench-tools/target/lib/*"
run() { java -Xmx512m -cp "$cp" dev.optlab.bench.MetricsLoad "$@"; }
bootstrap="127.0.0.1:${KAFKA_PORT:-9092}"
metrics="http://127.0.0.1:${METRICS_PORT:-8082}"
run throughput "$bootstrap" "$metrics" 20000 20 >/dev/null   # warm-up
for i in 1 2 3; do run throughput "$bootstrap" "$metrics" 300000 50; done
run latency "$bootstrap" "$metrics" 2000 30
