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
# A requeued job starts again with SLURM_RESTART_COUNT > 0 and the same job id; the trainer is given
# --run-id <job id> (<array job id>_<task id> in an array), so its run directory is the same one,
# runs/<name>-<run id>, and `cnnlab train` continues it from its newest checkpoint. The job's output
# file is opened with --open-mode=append, so it keeps the story of every restart.
#
# Environment: CNNLAB_MAX_RESTARTS  how often a job requeues itself at its time limit (default 20)
#              CNNLAB_JAVA_OPTS     JVM options; default: a heap of half the job's memory

# The trainer's exit code when a signal stopped it with a checkpoint (cnnlab.train.StopSignal.EXIT_CODE).
CNNLAB_STOPPED=3
# A command prefix for the trainer: the GPU script puts Singularity here.
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
    if [ -z "$run_id" ] && [ -n "${SLURM_JOB_ID:-}" ]; then
        run_id="$SLURM_JOB_ID"
        [ -n "${SLURM_ARRAY_JOB_ID:-}" ] && run_id="${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
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
                    "(CNNLAB_MAX_RESTARTS). To continue, submit the same command with --run-id $run_id"
                return "$rc"
            fi
            cnnlab_job_say "stopped at the time limit (exit $rc): requeuing job $SLURM_JOB_ID, which will continue from the checkpoint"
            if ! scontrol requeue "$SLURM_JOB_ID"; then
                cnnlab_job_say "scontrol requeue failed: to continue, submit the same command with --run-id $run_id"
            fi
            return "$rc"
        fi
        if [ -z "${SLURM_JOB_ID:-}" ]; then
            cnnlab_job_say "stopped by SIG${cnnlab_job_signal:-?} (exit $rc); continue with ./cnnlab train --resume <the run directory above>"
        else
            cnnlab_job_say "stopped by SIG${cnnlab_job_signal:-?} (exit $rc): a pre-empted or requeued job continues from the checkpoint" \
                "when it starts again; after scancel, submit the same command with --run-id $run_id to continue"
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
