#!/usr/bin/env bash
# Submits a sweep to Slurm as a job array (slurm/sweep.sbatch), one task per member of the sweep, at
# most CNNLAB_THROTTLE (default 4) running at a time. Builds cnnlab first if needed (on the login node,
# not in the jobs).
#
#   slurm/submit-sweep.sh SWEEP [sbatch options ...] [-- cnnlab train options ...]
#   slurm/submit-sweep.sh configs/sweep-lr-pooling.yaml
#   slurm/submit-sweep.sh configs/sweep-lr-pooling.yaml --time=02:00:00 -- --set training.epochs=20
#
# Prints what sbatch prints (with --parsable: the array job id), then how to watch and collect it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: slurm/submit-sweep.sh SWEEP [sbatch options ...] [-- cnnlab train options ...]" >&2; exit 2; }
sweep="$1"
shift
sbatch_opts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    sbatch_opts+=("$1")
    shift
done
[ "${1:-}" = -- ] && shift

count="$("$here/cnnlab" sweep "$sweep" --count)"
throttle="${CNNLAB_THROTTLE:-4}"
stem="$(basename "$sweep")"
stem="${stem%.*}"
out="$(sbatch --array="0-$((count - 1))%$throttle" "${sbatch_opts[@]}" "$here/slurm/sweep.sbatch" "$sweep" "$@")"
echo "$out"
job="$(echo "$out" | grep -o '[0-9]\+' | head -n 1)"
{
    echo "submit-sweep: $count configs of $sweep as array job $job (at most $throttle at a time)"
    echo "  watch:   squeue -u \$USER        (or: squeue -j $job)"
    echo "  logs:    cnnlab-sweep-${job}_<task>.out"
    echo "  results: ./cnnlab runs ${CNNLAB_RUNS:-runs}/$stem-$job"
} >&2
