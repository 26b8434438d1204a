#!/usr/bin/env bash
# Stops the private Slurm that slurm-up.sh started: cancels every job of that cluster, waits for
# them to end (killing, by process id, whatever a job left behind), then stops slurmd, slurmctld,
# slurmdbd, MariaDB and munged by the process ids in their pid files. Idempotent: does nothing when nothing runs.
# The directory (logs, configuration) stays for inspection; --purge removes it.
#
# Environment: CNNLAB_SLURM_DIR (default /tmp/cnnlab-slurm)
set -uo pipefail

dir="${CNNLAB_SLURM_DIR:-/tmp/cnnlab-slurm}"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"
export PATH="$PATH:/usr/sbin:/sbin"

say() { echo "slurm-down: $*" >&2; }

if [ "$(id -u)" != 0 ] && [ -d "$dir" ]; then
    if sudo -n true 2>/dev/null; then
        exec sudo -n --preserve-env=CNNLAB_SLURM_DIR "$0" "$@"
    fi
    say "needs root (or password-less sudo) to stop slurmd and munged"
    exit 2
fi

# alive PIDFILE: whether that process runs and belongs to this cluster.
# shellcheck source=cluster-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cluster-lib.sh"

# Stops the process whose id is in pid file $1: TERM, then KILL after $2 seconds.
stop() {
    local file="$1" wait="$2" pid
    alive "$file" || return 0
    pid="$(cat "$file")"
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < wait * 10; i++)); do
        alive "$file" || return 0
        sleep 0.1
    done
    say "$(basename "$file" .pid) ($pid) did not stop; killing it"
    alive "$file" && kill -KILL "$pid" 2>/dev/null
}

if [ -f "$conf" ] && alive "$dir/slurmctld.pid"; then
    jobs="$(squeue -h -o %A 2>/dev/null | sort -u)"
    if [ -n "$jobs" ]; then
        say "cancelling jobs: $(echo $jobs)"
        # shellcheck disable=SC2086
        scancel $jobs 2>/dev/null
        for ((i = 0; i < 300; i++)); do
            [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break
            sleep 0.1
        done
    fi
    if alive "$dir/slurmd.pid"; then
        # Processes of jobs that are somehow still there, by id.
        pids="$(scontrol listpids 2>/dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 }')"
        if [ -n "$pids" ]; then
            say "killing leftover job processes: $(echo $pids)"
            # shellcheck disable=SC2086
            kill -KILL $pids 2>/dev/null
        fi
    fi
fi

stop "$dir/slurmd.pid" 10
stop "$dir/slurmctld.pid" 10
stop "$dir/slurmdbd.pid" 10
stop "$dir/mysql/mariadbd.pid" 20
stop "$dir/munge/munged.pid" 5

if [ "${1:-}" = "--purge" ]; then
    rm -rf "$dir"
fi
exit 0
