# Shared by slurm-up.sh and slurm-down.sh (sourced, not run). Expects $dir: the test cluster's folder.

# Whether the process in pid file $1 runs and is this cluster's (its command line names $dir, or, for
# slurmdbd, which takes no options, its SLURM_CONF does): a stale pid file whose number now belongs to
# another process must never make us signal that process.
alive() {
    local pid
    [ -f "$1" ] || return 1
    pid="$(cat "$1" 2>/dev/null)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$dir/" && return 0
    tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ" | grep -qxF -- "SLURM_CONF=$dir/slurm.conf"
}
