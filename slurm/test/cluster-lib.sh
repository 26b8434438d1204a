# Shared by slurm-up.sh and slurm-down.sh (sourced, not run). Expects $dir: the test cluster's folder.

# Whether the process in pid file $1 runs and is this cluster's (its command line names $dir): a stale
# pid file whose number now belongs to another process must never make us signal that process.
alive() {
    local pid
    [ -f "$1" ] || return 1
    pid="$(cat "$1")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/"
}
