#!/usr/bin/env bash
# Training-step time of our DJL loop vs PyTorch eager (Debian python3-torch) on the same CNN,
# batch 64, same images (data_batch_1), same thread count, with and without BatchNorm, 1 and 2
# threads, interleaved (DJL, PyTorch, PyTorch channels-last, then again) in one run. Our loop feeds
# the model channels-last (RunTraining.channelsLast); PyTorch is timed in its default contiguous
# layout (the target's baseline) and converted to channels-last as its tutorial does. Needs the
# trainer jar (mvn install) and `apt-get install python3-torch`. Usage: bench/step-vs-pytorch.sh [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-200}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gunzip -c ../shared/data/cifar10/data_batch_1.bin.gz >"$work/data_batch_1.bin"
cp="trainer-service/target/quarkus-app/app/*:trainer-service/target/quarkus-app/lib/main/*:trainer-service/target/quarkus-app/lib/boot/*"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456
djl() { java -Xmx512m -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$2" -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$cp" dev.optlab.trainer.bench.StepBenchmark "$work/data_batch_1.bin" "$1" "$steps" 2>/dev/null | grep '^djl'; }
torch() { /usr/bin/python3 bench/step_pytorch.py "$work/data_batch_1.bin" "$1" "$steps" "$2" "$3"; }
median() { sed -E 's/.*median_ms=([0-9.]+).*/\1/'; }
avg() { echo "($1 + $2) / 2" | bc -l; }
printf '%-8s %-6s %8s %9s %7s %9s %7s\n' threads bn djl_ms torch_ms ratio torchCL_ms ratioCL
for threads in 1 2; do
  for bn in false true; do
    d1=$(djl $bn $threads | median); t1=$(torch $bn $threads nchw | median); c1=$(torch $bn $threads channels_last | median)
    d2=$(djl $bn $threads | median); t2=$(torch $bn $threads nchw | median); c2=$(torch $bn $threads channels_last | median)
    d=$(avg $d1 $d2); t=$(avg $t1 $t2); c=$(avg $c1 $c2)
    printf '%-8s %-6s %8.2f %9.2f %7.2f %9.2f %7.2f   (djl %s/%s, torch %s/%s, torchCL %s/%s)\n' "$threads" "$bn" "$d" "$t" \
      "$(echo "$d / $t" | bc -l)" "$c" "$(echo "$d / $c" | bc -l)" "$d1" "$d2" "$t1" "$t2" "$c1" "$c2"
  done
done
