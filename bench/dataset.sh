#!/usr/bin/env bash
# Dataset serving benchmark (issue 4), all over loopback against one dataset-service, in one run:
#  - curl fetching every shard (the floor), before and after;
#  - a trainer's cold start (fetch every shard, verify SHA-256, decode 60,000 images): once in a
#    fresh JVM and 4 more times in the same JVM with the cache emptied before each round;
#  - warm start from a full cache;
#  - two trainers (fresh JVMs) fetching the full set at once: aggregate MB/s.
# Usage: bench/dataset.sh [CIFAR10_SOURCE]   (needs the jars: ./lab up once, or mvn install)
set -euo pipefail
cd "$(dirname "$0")/.."
source="${1:-$PWD/../shared/data/cifar10}"
port=18083
work=$(mktemp -d)
trap 'kill $ds 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/dataset-service.sh.inc
cp="trainer-service/target/quarkus-app/app/*:trainer-service/target/quarkus-app/lib/main/*:trainer-service/target/quarkus-app/lib/boot/*"
warmer() { java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$cp" dev.optlab.trainer.data.CacheWarmer "$url" "$@"; }
bytes=$(curl -fs "$url/api/datasets/cifar10/manifest" | grep -o '"bytes":[0-9]*' | cut -d: -f2 | paste -sd+ | bc)
curl_all() {
  local start end
  start=$(date +%s.%N)
  for id in $ids; do curl -fs -o /dev/null "$url/api/datasets/cifar10/shards/$id"; done
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
echo "dataset: $(echo $ids | wc -w) shards, $bytes bytes"
c1=$(curl_all); c2=$(curl_all); c3=$(curl_all)
echo "curl, 3 rounds before: $c1 $c2 $c3 s"
warmer "$work/cache" 5 cold | tee "$work/cold.txt"
c4=$(curl_all); c5=$(curl_all); c6=$(curl_all)
echo "curl, 3 rounds after:  $c4 $c5 $c6 s"
curl_s=$(printf '%s\n' $c1 $c2 $c3 $c4 $c5 $c6 | sort -n | sed -n '3,4p' | paste -sd+ | sed 's/.*/(&)\/2/' | bc -l)
fresh=$(sed -n 's/^round 1: .* in \([0-9.]*\) s.*/\1/p' "$work/cold.txt")
running=$(sed -n 's/^round [2-5]: .* in \([0-9.]*\) s.*/\1/p' "$work/cold.txt" | sort -n | sed -n '2,3p' | paste -sd+ | sed 's/.*/(&)\/2/' | bc -l)
printf 'median curl %.3f s | cold start, fresh JVM %.3f s (%.2fx curl) | cold start in a running JVM, median %.3f s (%.2fx curl)\n' \
  "$curl_s" "$fresh" "$(echo "$fresh / $curl_s" | bc -l)" "$running" "$(echo "$running / $curl_s" | bc -l)"
warmer "$work/cache" 1 warm | sed 's/^round 1/warm start from the full cache, fresh JVM/'
rm -rf "$work/c1" "$work/c2"
start=$(date +%s.%N)
warmer "$work/c1" >/dev/null & p1=$!
warmer "$work/c2" >/dev/null & p2=$!
wait $p1 $p2
end=$(date +%s.%N)
printf 'two concurrent cold trainers (fresh JVMs): %.2f s wall, aggregate %.1f MB/s served\n' \
  "$(echo "$end - $start" | bc)" "$(echo "2 * $bytes / 1000000 / ($end - $start)" | bc -l)"
