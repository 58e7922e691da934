#!/usr/bin/env bash
# Dataset serving benchmark (issue 4), all over loopback against one dataset-service, in one run:
#  - curl fetching every shard (the floor), before and after: a curl process per shard, and one
#    curl process for all of them (one connection);
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
median6() { printf '%s\n' "$@" | sort -n | sed -n '3,4p' | paste -sd+ | sed 's/.*/(&)\/2/' | bc -l; }
echo "dataset: $(echo $ids | wc -w) shards, $bytes bytes"
e1=$(timed curl_each); o1=$(timed curl_one); e2=$(timed curl_each); o2=$(timed curl_one)
e3=$(timed curl_each); o3=$(timed curl_one)
echo "curl, 3 rounds before: a process per shard $e1 $e2 $e3 s; one process $o1 $o2 $o3 s"
warmer "$work/cache" 5 cold | tee "$work/cold.txt"
e4=$(timed curl_each); o4=$(timed curl_one); e5=$(timed curl_each); o5=$(timed curl_one)
e6=$(timed curl_each); o6=$(timed curl_one)
echo "curl, 3 rounds after:  a process per shard $e4 $e5 $e6 s; one process $o4 $o5 $o6 s"
each_s=$(median6 $e1 $e2 $e3 $e4 $e5 $e6)
one_s=$(median6 $o1 $o2 $o3 $o4 $o5 $o6)
fresh=$(sed -n 's/^round 1: .* in \([0-9.]*\) s.*/\1/p' "$work/cold.txt")
running=$(sed -n 's/^round [2-5]: .* in \([0-9.]*\) s.*/\1/p' "$work/cold.txt" | sort -n | sed -n '2,3p' | paste -sd+ | sed 's/.*/(&)\/2/' | bc -l)
printf 'median curl: a process per shard %.3f s, one process %.3f s\n' "$each_s" "$one_s"
printf 'cold start, fresh JVM %.3f s (%.2fx / %.2fx) | cold start in a running JVM, median %.3f s (%.2fx / %.2fx) [x curl per shard / x one curl process]\n' \
  "$fresh" "$(echo "$fresh / $each_s" | bc -l)" "$(echo "$fresh / $one_s" | bc -l)" \
  "$running" "$(echo "$running / $each_s" | bc -l)" "$(echo "$running / $one_s" | bc -l)"
warmer "$work/cache" 1 warm | sed 's/^round 1/warm start from the full cache, fresh JVM/'
rm -rf "$work/c1" "$work/c2"
start=$(date +%s.%N)
warmer "$work/c1" >"$work/t1.txt" & p1=$!
warmer "$work/c2" >"$work/t2.txt" & p2=$!
wait $p1 $p2
end=$(date +%s.%N)
printf 'two concurrent cold trainers (fresh JVMs): %.2f s wall, JVM start-up included: %.1f MB/s\n' \
  "$(echo "$end - $start" | bc)" "$(echo "2 * $bytes / 1000000 / ($end - $start)" | bc -l)"
# The same two, counted from the first one's first request to the last one's last byte.
window=$(sed -n 's/.*wall clock \([0-9]*\)-\([0-9]*\) ms/\1 \2/p' "$work/t1.txt" "$work/t2.txt" |
  awk 'NR == 1 || $1 < s { s = $1 } NR == 1 || $2 > e { e = $2 } END { print e - s }')
printf '  counted from the first request to the last byte (%d ms, JIT-cold loaders): %.1f MB/s\n' \
  "$window" "$(echo "2 * $bytes / 1000 / $window" | bc -l)"
two_curls() { curl_one & curl_one & wait; }
both=$(timed two_curls)
printf 'two concurrent curl processes, all shards each: %.3f s, aggregate %.1f MB/s served\n' \
  "$both" "$(echo "2 * $bytes / 1000000 / $both" | bc -l)"
