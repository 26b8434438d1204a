# shellcheck shell=bash
# The common part of the job scripts slurm/*.sbatch, which source this file once they have found the
# checkout (CNNLAB_HOME). It runs `cnnlab train` in the background and waits for it, so that the
# traps below run while it trains (bash runs a trap only between commands, and `wait` is one that a
# signal interrupts):
#
#   USR1  Slurm's warning before the time limit (--signal=B:USR1@120 sends it to this script only):
#         passed on to the trainer, which checkpoints after its minibatch and exits with code 3;
#         then this job requeues itself.
#   TERM  pre-emption, `scontrol requeue` or `scancel`: Slurm sends it to every process of the job,
#         the trainer included, which checkpoints and exits with code 3; passed on all the same.
#         Slurm itself requeues a pre-empted or requeued job (the scripts ask for --requeue).
#
# The run id. slurm/submit fixes it at submission (CNNLAB_RUN_ID, which travels with the job in its
# environment) and the trainer is given --run-id <run id> (<run id>_<task id> in an array), so its run
# directory is runs/<name>-<run id> whatever the job id: a requeued job (same job id, SLURM_RESTART_COUNT
# > 0) and a job submitted again with `slurm/submit --run-id <run id> ...` (a new job id) both continue
# that run from its newest checkpoint. Submitted with plain sbatch, the run id is the job id. The job's
# output file is opened with --open-mode=append, so it keeps the story of every restart.
#
# The site (slurm/site.sh, slurm/sites/*) is loaded here and printed at the top of every start; it
# decides the container, and where JavaCPP's native cache and the runs go (its scratch file system).
#
# Environment: CNNLAB_RUN_ID        the run id (set by slurm/submit)
#              CNNLAB_SITE          torch, greene or generic (default: detected)
#              CNNLAB_RUNS          where runs go (default runs/, or <scratch>/cnnlab/runs when the job was
#                                   submitted from outside the site's scratch)
#              CNNLAB_IMAGE         an Apptainer/Singularity image to run in (GPU jobs: the site's CUDA image)
#              CNNLAB_OVERLAY       an overlay for it (mounted read-only)
#              CNNLAB_CONTAINER_OPTS more options for `apptainer exec` (e.g. --bind /share/apps)
#              CNNLAB_MAX_RESTARTS  how often a job requeues itself at its time limit (default 20)
#              CNNLAB_JAVA_OPTS     JVM options; default: a heap of half the job's memory
#
# A script that starts helpers of its own (train-spark.sbatch: a Spark cluster) defines
# cnnlab_job_cleanup, which runs before the job requeues itself at its time limit.

# The trainer's exit code when a signal stopped it with a checkpoint (cnnlab.train.StopSignal.EXIT_CODE).
CNNLAB_STOPPED=3
# A command prefix for the trainer: the container (cnnlab_job_container) goes here.
declare -p CNNLAB_WRAP >/dev/null 2>&1 || CNNLAB_WRAP=()

cnnlab_job_say() {
    printf '%s cnnlab-job: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$*"
}

cnnlab_job_fail() {
    cnnlab_job_say "$*"
    exit 2
}

# What the job got and where it runs, at the top of every (re)start in the output file.
cnnlab_job_header() {
    local id="${SLURM_JOB_ID:-none (not a Slurm job)}"
    [ -n "${SLURM_ARRAY_JOB_ID:-}" ] && id="$id (array task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID})"
    cnnlab_job_say "job $id '${SLURM_JOB_NAME:-}' on ${SLURMD_NODENAME:-$(hostname)}, restart ${SLURM_RESTART_COUNT:-0}"
    cnnlab_job_say "${SLURM_CPUS_PER_TASK:-?} CPUs, ${SLURM_MEM_PER_NODE:-${SLURM_MEM_PER_CPU:-?}} MB," \
        "GPUs ${SLURM_JOB_GPUS:-none} (CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES:-unset}), backend ${CNNLAB_BACKEND:-cpu}"
    cnnlab_job_say "checkout $CNNLAB_HOME, working directory $PWD"
    cnnlab_job_say "site $CNNLAB_SITE ($site_title; picked by $cnnlab_site_how)${CNNLAB_RUN_ID:+, run id $CNNLAB_RUN_ID (fixed at submission)}"
    cnnlab_job_storage
}

# Storage on the site's scratch file system, where it has one: JavaCPP's native libraries (about 310
# MB per backend) are unpacked there rather than into ~/.javacpp in a small home, and runs go there
# when the job was submitted from elsewhere (home directories are small and count files).
cnnlab_job_storage() {
    local scratch="${site_scratch:-}" here
    [ -n "$scratch" ] || return 0
    if [ ! -d "$scratch" ] || [ ! -w "$scratch" ]; then
        cnnlab_job_say "warning: the site's scratch '$scratch' is not a writable folder here: JavaCPP's cache stays in ~/.javacpp, runs in ${CNNLAB_RUNS:-runs/}"
        return 0
    fi
    scratch="$(cd "$scratch" && pwd -P)"
    export CNNLAB_JAVACPP_CACHE="${CNNLAB_JAVACPP_CACHE:-$scratch/.javacpp/cache}"
    here="$(pwd -P)"
    if [ -z "${CNNLAB_RUNS:-}" ] && [ "${here#"$scratch"/}" = "$here" ] && [ "$here" != "$scratch" ]; then
        export CNNLAB_RUNS="$scratch/cnnlab/runs"
        cnnlab_job_say "submitted from outside $scratch: runs go to $CNNLAB_RUNS"
    fi
    cnnlab_job_say "JavaCPP's native cache: $CNNLAB_JAVACPP_CACHE${site_purge_days:+ (files unused for $site_purge_days days are purged there: ./cnnlab notices and rebuilds)}"
}

# Runs the trainer in a container when CNNLAB_IMAGE names an image (GPU jobs: the site's CUDA image by
# default), with --nv for GPU jobs ($1 = gpu). The container program is the site's (apptainer on Torch,
# singularity on Greene), else whichever is installed. Signals reach the trainer through it: job.sh
# signals the container program, which passes them on to the program it runs.
cnnlab_job_container() {
    local kind="$1" image prog="" nv=()
    image="${CNNLAB_IMAGE-${CNNLAB_SIF-}}"
    if [ "$kind" = gpu ] && [ -z "${CNNLAB_IMAGE+x}${CNNLAB_SIF+x}" ]; then
        image="${site_gpu_image:-}"
    fi
    [ -n "$image" ] || { [ "$kind" = gpu ] && cnnlab_job_say "no container image (CNNLAB_IMAGE): running directly;" \
        "the CUDA 11.6 libraries must be on LD_LIBRARY_PATH (module load ...)"; return 0; }
    for p in ${site_container:-} apptainer singularity; do
        command -v "$p" >/dev/null 2>&1 && { prog="$p"; break; }
    done
    if [ ! -f "$image" ] || [ -z "$prog" ]; then
        cnnlab_job_say "no container image '$image' (or no apptainer/singularity command): running directly" \
            "${site_gpu_image:+(on $CNNLAB_SITE, ls $(dirname "$site_gpu_image") lists the images; set CNNLAB_IMAGE)}"
        return 0
    fi
    [ "$kind" = gpu ] && nv=(--nv)
    # shellcheck disable=SC2206
    CNNLAB_WRAP=("$prog" exec "${nv[@]}" ${CNNLAB_OVERLAY:+--overlay "$CNNLAB_OVERLAY:ro"} ${CNNLAB_CONTAINER_OPTS:-${CNNLAB_SINGULARITY_OPTS:-}} "$image")
    cnnlab_job_say "running in the container image $image ($prog)"
}

# What a GPU job checks before it trains: that Slurm gave it a GPU, what nvidia-smi sees, the container.
cnnlab_job_gpu() {
    [ -n "${CUDA_VISIBLE_DEVICES:-}" ] || cnnlab_job_say "warning: Slurm gave this job no GPU (CUDA_VISIBLE_DEVICES is unset): was --gres=gpu:1 removed?"
    if command -v nvidia-smi >/dev/null 2>&1; then
        nvidia-smi -L 2>&1 | while read -r line; do cnnlab_job_say "$line"; done
    fi
    [ -n "${site_gpu_cancel_below_percent:-}" ] && cnnlab_job_say "$site_title cancels GPU jobs whose GPU use stays under" \
        "${site_gpu_cancel_below_percent}% (more on some nodes): cnnlab refuses models too small for a GPU (see slurm/README.md)"
    cnnlab_job_container gpu
}

# A JVM heap of half the job's memory (the other half is for ND4J's native buffers), unless set.
cnnlab_job_heap() {
    local mb="${SLURM_MEM_PER_NODE:-}"
    if [ -z "$mb" ] && [ -n "${SLURM_MEM_PER_CPU:-}" ]; then
        mb=$(( SLURM_MEM_PER_CPU * ${SLURM_CPUS_PER_TASK:-1} ))
    fi
    if [ -z "${CNNLAB_JAVA_OPTS:-}" ] && [[ "$mb" =~ ^[0-9]+$ ]] && [ "$mb" -ge 1024 ]; then
        export CNNLAB_JAVA_OPTS="-Xmx$(( mb / 2 ))m"
    fi
}

cnnlab_job_forward() {
    cnnlab_job_signal="$1"
    if [ -n "${cnnlab_job_pid:-}" ] && kill -0 "$cnnlab_job_pid" 2>/dev/null; then
        cnnlab_job_say "SIG$1 from Slurm: asking the trainer (pid $cnnlab_job_pid) to checkpoint after its minibatch"
        kill -s "$1" "$cnnlab_job_pid" 2>/dev/null
    else
        cnnlab_job_say "SIG$1 from Slurm"
    fi
}

# The command that continues run $1 under a new job id.
cnnlab_job_resubmit() {
    local base="${CNNLAB_RUN_ID:-$1}"
    if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
        echo "slurm/submit --run-id ${base%_"$SLURM_ARRAY_TASK_ID"} ${CNNLAB_JOB_KIND:-sweep} <the same arguments> (every task continues its own run)"
    else
        echo "slurm/submit --run-id $base ${CNNLAB_JOB_KIND:-cpu} <the same arguments>"
    fi
}

# Trains with `cnnlab train ARGS...`, run through the command prefix in the array CNNLAB_WRAP (the
# GPU script's Singularity), adding --run-id for this job unless ARGS have one. Returns the trainer's
# exit code; requeues the job when the time-limit warning stopped it.
cnnlab_job_train() {
    local args=("$@") a previous="" run_id=""
    for a in "$@"; do
        case "$a" in --run-id=*) run_id="${a#--run-id=}" ;; esac
        [ "$previous" = --run-id ] && run_id="$a"
        previous="$a"
    done
    if [ -z "$run_id" ] && [ -n "${CNNLAB_RUN_ID:-}${SLURM_JOB_ID:-}" ]; then
        run_id="${CNNLAB_RUN_ID:-${SLURM_ARRAY_JOB_ID:-$SLURM_JOB_ID}}"
        [ -n "${SLURM_ARRAY_TASK_ID:-}" ] && run_id="${run_id}_${SLURM_ARRAY_TASK_ID}"
        args+=(--run-id "$run_id")
    fi
    if [ "${SLURM_RESTART_COUNT:-0}" -gt 0 ]; then
        cnnlab_job_say "restart ${SLURM_RESTART_COUNT}: the trainer continues this job's run from its newest checkpoint"
    fi
    cnnlab_job_heap

    cnnlab_job_signal=""
    cnnlab_job_pid=""
    trap 'cnnlab_job_forward USR1' USR1
    trap 'cnnlab_job_forward TERM' TERM
    "${CNNLAB_WRAP[@]}" "$CNNLAB_HOME/cnnlab" train "${args[@]}" &
    cnnlab_job_pid=$!
    cnnlab_job_say "trainer started (pid $cnnlab_job_pid): ${CNNLAB_WRAP[*]}${CNNLAB_WRAP[*]:+ }$CNNLAB_HOME/cnnlab train ${args[*]}"
    if [ -n "$cnnlab_job_signal" ]; then
        # A signal came while the trainer was being started.
        kill -s "$cnnlab_job_signal" "$cnnlab_job_pid" 2>/dev/null
    fi
    local rc
    while :; do
        wait "$cnnlab_job_pid"
        rc=$?
        # wait returns early (above 128) when a trap ran; then wait again, until the trainer is gone.
        [ "$rc" -gt 128 ] && kill -0 "$cnnlab_job_pid" 2>/dev/null && continue
        break
    done
    if [ "$rc" -gt 128 ]; then
        wait "$cnnlab_job_pid" 2>/dev/null
        rc=$?
    fi
    trap - USR1 TERM

    if [ "$rc" = 0 ]; then
        cnnlab_job_say "the trainer finished"
        return 0
    fi
    if [ "$rc" = "$CNNLAB_STOPPED" ] || [ "$rc" -gt 128 ]; then
        if [ "$cnnlab_job_signal" = USR1 ] && [ -n "${SLURM_JOB_ID:-}" ]; then
            if [ "${SLURM_RESTART_COUNT:-0}" -ge "${CNNLAB_MAX_RESTARTS:-20}" ]; then
                cnnlab_job_say "stopped at the time limit (exit $rc); not requeuing: restarted ${SLURM_RESTART_COUNT} times already" \
                    "(CNNLAB_MAX_RESTARTS). To continue, submit it again: $(cnnlab_job_resubmit "$run_id")"
                return "$rc"
            fi
            cnnlab_job_say "stopped at the time limit (exit $rc): requeuing job $SLURM_JOB_ID, which will continue from the checkpoint"
            # The requeue ends this script at once (no EXIT trap runs): a script's own cleanup goes first.
            if declare -F cnnlab_job_cleanup >/dev/null; then cnnlab_job_cleanup; fi
            if ! scontrol requeue "$SLURM_JOB_ID"; then
                cnnlab_job_say "scontrol requeue failed: to continue, submit it again: $(cnnlab_job_resubmit "$run_id")"
            fi
            return "$rc"
        fi
        if [ -z "${SLURM_JOB_ID:-}" ]; then
            cnnlab_job_say "stopped by SIG${cnnlab_job_signal:-?} (exit $rc); continue with ./cnnlab train --resume <the run directory above>"
        else
            cnnlab_job_say "stopped by SIG${cnnlab_job_signal:-?} (exit $rc): a pre-empted or requeued job continues from the checkpoint" \
                "when it starts again; after scancel, continue it with: $(cnnlab_job_resubmit "$run_id")"
        fi
        return "$rc"
    fi
    if [ "$rc" = 2 ]; then
        cnnlab_job_say "cnnlab refused to train (exit 2): see the line above"
    else
        cnnlab_job_say "the trainer failed (exit $rc)"
    fi
    return "$rc"
}

# The site: what differs between clusters (slurm/sites/*), so that the job scripts need not know.
# shellcheck source=slurm/site.sh
. "$CNNLAB_HOME/slurm/site.sh"
cnnlab_site_load "$CNNLAB_HOME" || cnnlab_job_fail "$cnnlab_site_error"
