# shellcheck shell=bash
# Which cluster this is, and what differs there (one small file per site in slurm/sites/: torch,
# greene, generic). Sourced by slurm/job.sh (at every job start) and slurm/submit (at submission).
#
#   cnnlab_site_load CNNLAB_HOME   sources slurm/sites/<site>; sets and exports CNNLAB_SITE, and sets
#                                  cnnlab_site_how (how it was picked); on an unknown CNNLAB_SITE,
#                                  sets cnnlab_site_error and returns 2
#
# The site is CNNLAB_SITE if set, else the cluster's name (ClusterName in `scontrol show config`:
# "torch" on Torch, see slurm/sites/torch), else the host name (*torch*, *greene*, Greene's login
# nodes log-1 to log-3), else generic.

cnnlab_site_detect() {
    local cluster host
    if [ -n "${CNNLAB_SITE:-}" ]; then
        cnnlab_site_how="CNNLAB_SITE"
        printf '%s\n' "$CNNLAB_SITE"
        return
    fi
    cluster="$(timeout 10 scontrol show config 2>/dev/null | sed -n 's/^ClusterName *= *//p' | head -n 1)"
    case "$cluster" in
        torch | greene)
            cnnlab_site_how="cluster name '$cluster'"
            printf '%s\n' "$cluster"
            return ;;
    esac
    host="$(hostname -f 2>/dev/null || hostname)"
    case "$host" in
        *torch*) cnnlab_site_how="host name '$host'"; echo torch; return ;;
        *greene* | log-[123] | log-[123].*) cnnlab_site_how="host name '$host'"; echo greene; return ;;
    esac
    cnnlab_site_how="default: neither cluster name '${cluster:-none}' nor host name '$host' is a known site"
    echo generic
}

cnnlab_site_load() {
    local home="$1" site
    cnnlab_site_how=""
    cnnlab_site_error=""
    # $(...) is a subshell, where cnnlab_site_how would be lost: it comes back after a '|'.
    site="$(cnnlab_site_detect; printf '|%s' "$cnnlab_site_how")"
    cnnlab_site_how="${site#*|}"
    site="${site%%|*}"
    site="${site%$'\n'}"
    if [[ ! "$site" =~ ^[a-z0-9_-]+$ ]] || [ ! -f "$home/slurm/sites/$site" ]; then
        cnnlab_site_error="CNNLAB_SITE=$site: there is no slurm/sites/$site; use one of: $(cd "$home/slurm/sites" && echo *)"
        return 2
    fi
    # shellcheck source=/dev/null
    . "$home/slurm/sites/$site"
    CNNLAB_SITE="$site"
    export CNNLAB_SITE
}
