#!/usr/bin/env bash
# Starts a private single-node Slurm on this machine for the Slurm tests (src/test/java/cnnlab/slurm):
# munged, a MariaDB server, slurmdbd, slurmctld and slurmd with every file under one directory, a node
# that advertises more CPUs and memory than the machine has (so that the job scripts' cluster-sized
# requests are scheduled), two fake GPUs of type rtx8000 (device files that are /dev/null) and the
# features h200, l40s, h100 and a100, so that --gres=gpu:1, --gres=gpu:rtx8000:1 (Greene's style) and
# --gres=gpu:1 --constraint=h200 (Torch's) are scheduled and see CUDA_VISIBLE_DEVICES.
#
# Accounting as on Torch: slurmdbd stores associations in MariaDB, AccountingStorageEnforce=associations,
# and the only partition allows one account, cnnlab_lab (made with sacctmgr; root and the user who ran
# sudo are in it). A job without --account gets the user's default account, which is not cnnlab_lab,
# and sbatch refuses it; with --account=cnnlab_lab (or SBATCH_ACCOUNT) it runs.
# Idempotent: a cluster that is already up is left as it is.
#
#   slurm/test/slurm-up.sh        then: export SLURM_CONF=/tmp/cnnlab-slurm/slurm.conf; sinfo; sbatch ...
#   slurm/test/slurm-down.sh      cancels every job of this cluster and stops the daemons
#
# Needs Debian's packages (Slurm 22.05, slurmdbd, MariaDB 10.11; .ci/run installs them), and root
# (slurmd and munged run as root and munge); installs nothing. Without systemd no service starts by
# itself, and none is used: mariadbd and slurmdbd are started here like the others, MariaDB with a
# data folder, socket and port of its own.
#
# Environment: CNNLAB_SLURM_DIR   where everything goes (default /tmp/cnnlab-slurm)
#              CNNLAB_SLURM_PORT  slurmctld's port; slurmd, slurmdbd and MariaDB get the next three (default 6817)
#              CNNLAB_SLURM_CPUS  CPUs the node advertises (default 8)
#              CNNLAB_SLURM_GPUS  fake GPUs the node advertises (default 2)
set -euo pipefail

dir="${CNNLAB_SLURM_DIR:-/tmp/cnnlab-slurm}"
port="${CNNLAB_SLURM_PORT:-6817}"
cpus="${CNNLAB_SLURM_CPUS:-8}"
gpus="${CNNLAB_SLURM_GPUS:-2}"
dbd_port=$((port + 2))
db_port=$((port + 3))
# The one account jobs may use (as torch_pr_XXX_XXXXX on Torch), and slurmdbd's MariaDB password.
account=cnnlab_lab
db_pass=cnnlab-test-only
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"

say() { echo "slurm-up: $*" >&2; }
die() { say "$*"; exit 2; }

for b in munged slurmctld slurmd slurmdbd sacctmgr sbatch squeue scontrol sinfo mariadbd mariadb-install-db mariadb; do
    command -v "$b" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$b" >/dev/null 2>&1 \
        || die "$b not found: install Slurm first (apt-get install --no-install-recommends slurmctld slurmd slurm-client munge slurmdbd mariadb-server)"
done
export PATH="$PATH:/usr/sbin:/sbin"
if [ "$(id -u)" != 0 ]; then
    # slurmd starts jobs as their owner and munged runs as its own user: both need root.
    if sudo -n true 2>/dev/null; then
        exec sudo -n --preserve-env=CNNLAB_SLURM_DIR,CNNLAB_SLURM_PORT,CNNLAB_SLURM_CPUS,CNNLAB_SLURM_GPUS "$0" "$@"
    fi
    die "needs root (or password-less sudo) to start munged and slurmd"
fi
id munge >/dev/null 2>&1 || die "there is no 'munge' user: is the munge package installed?"

# alive PIDFILE: whether that process runs and belongs to this cluster.
# shellcheck source=cluster-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cluster-lib.sh"
node_state() { sinfo -h -n localhost -o %T 2>/dev/null | head -n 1; }

if alive "$dir/munge/munged.pid" && alive "$dir/mysql/mariadbd.pid" && alive "$dir/slurmdbd.pid" \
        && alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid" \
        && scontrol ping 2>/dev/null | grep -q UP && [[ "$(node_state)" =~ ^(idle|mixed|allocated) ]]; then
    say "already up: SLURM_CONF=$conf"
    echo "$conf"
    exit 0
fi
if [ -d "$dir" ]; then
    # Something is left from an earlier start (a daemon died, or the machine rebooted): start clean.
    "$(dirname "$0")/slurm-down.sh" >/dev/null 2>&1 || true
    rm -rf "$dir/state" "$dir/spool" "$dir/log" "$dir/mysql"
fi

start=$(date +%s)
mkdir -p "$dir"/{state,spool,log,dev,munge,mysql}
chmod 755 "$dir"

# munge: a private key and socket, so that nothing outside $dir is touched or needed.
chown munge:munge "$dir/munge"
chmod 755 "$dir/munge"
if [ ! -s "$dir/munge/munge.key" ]; then
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
fi
chown munge:munge "$dir/munge/munge.key"
chmod 400 "$dir/munge/munge.key"
runuser -u munge -- munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" \
    || die "munged did not start; see $dir/munge/munged.log"

# Fake GPUs: character devices with /dev/null's numbers. Enough for the scheduler (gres/gpu) and
# for CUDA_VISIBLE_DEVICES; nothing can compute on them.
gpu_files=""
for ((i = 0; i < gpus; i++)); do
    [ -e "$dir/dev/nvidia$i" ] || mknod "$dir/dev/nvidia$i" c 1 3
done
if [ "$gpus" -gt 0 ]; then
    gpu_files="$dir/dev/nvidia[0-$((gpus - 1))]"
fi

real_mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
# Advertise at least 64 GB: jobs here are tiny, nothing enforces memory (no cgroups), and the job
# scripts' own --mem defaults must be schedulable on a small CI machine.
mem=$(( real_mem > 65536 ? real_mem : 65536 ))

cat >"$conf" <<CONF
# Written by slurm/test/slurm-up.sh: a private single-node cluster for cnnlab's Slurm tests.
ClusterName=cnnlab-test
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# Requeued jobs wait until the job credential expires (default 120 s) before they start again.
AuthInfo=socket=$dir/munge/munge.socket,cred_expire=10
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# No systemd, no cgroups: track processes through /proc, bind no tasks, gather no usage.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
# Accounting through slurmdbd, which enforces associations: a job must name an account the user is in.
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$dbd_port
AccountingStorageEnforce=associations
# Clients reach slurmdbd through munge too: this names our munged (the default socket is not ours).
AccountingStoragePass=socket=$dir/munge/munge.socket
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a default a job is given all of the node's memory and blocks the next one.
DefMemPerCPU=1024
MailProg=/bin/true
# Finished jobs stay visible to 'scontrol show job' for an hour (sacct has them too).
MinJobAge=3600
# Schedule every 2 s rather than every 30 to 60 s: a requeued job starts soon after its credential expires.
SchedulerParameters=sched_interval=2,bf_interval=2
ReturnToService=2
# The node below is larger than the machine, on purpose.
SlurmdParameters=config_overrides
# GPUs typed as on Greene (--gres=gpu:rtx8000:1), features as on Torch (--constraint=h200).
GresTypes=gpu
NodeName=localhost CPUs=$cpus RealMemory=$mem$([ "$gpus" -gt 0 ] && echo " Gres=gpu:rtx8000:$gpus") Features=h200,l40s,h100,a100 State=UNKNOWN
# Only the lab's account may use it: a job under another (the user's default) account is refused.
# EnforcePartLimits=ALL refuses such a job at submission, rather than leaving it pending for ever.
EnforcePartLimits=ALL
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP AllowAccounts=$account
CONF
if [ "$gpus" -gt 0 ]; then
    echo "NodeName=localhost Name=gpu Type=rtx8000 File=$gpu_files" >"$dir/gres.conf"
else
    : >"$dir/gres.conf"
fi

for ((i = 0; i < 50; i++)); do
    [ -S "$dir/munge/munge.socket" ] && break
    sleep 0.1
done
[ -S "$dir/munge/munge.socket" ] || die "munged did not create its socket; see $dir/munge/munged.log"

# MariaDB for slurmdbd: a data folder, socket and port of its own, reachable on 127.0.0.1 only.
mkdir -p "$dir/mysql"
if [ ! -d "$dir/mysql/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$dir/mysql/data" --user=root --auth-root-authentication-method=socket \
        --skip-test-db >"$dir/log/mariadb-install.log" 2>&1 || die "mariadb-install-db failed; see $dir/log/mariadb-install.log"
fi
setsid mariadbd --no-defaults --datadir="$dir/mysql/data" --socket="$dir/mysql/mysqld.sock" --port="$db_port" \
    --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$dir/mysql/mariadbd.pid" --user=root \
    --log-error="$dir/log/mariadb.log" --innodb-buffer-pool-size=32M --skip-log-bin </dev/null >/dev/null 2>&1 &
for ((i = 0; i < 150; i++)); do
    [ -S "$dir/mysql/mysqld.sock" ] && alive "$dir/mysql/mariadbd.pid" && break
    sleep 0.2
done
mariadb --no-defaults -S "$dir/mysql/mysqld.sock" -u root -e \
    "CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$db_pass'; GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';" \
    2>>"$dir/log/mariadb.log" || die "MariaDB did not start; see $dir/log/mariadb.log"

# slurmdbd reads slurmdbd.conf beside \$SLURM_CONF; it must be private to its SlurmUser.
cat >"$dir/slurmdbd.conf" <<DBD
# Written by slurm/test/slurm-up.sh.
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
DbdHost=localhost
DbdPort=$dbd_port
SlurmUser=root
PidFile=$dir/slurmdbd.pid
LogFile=$dir/log/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$db_port
StorageUser=slurm
StoragePass=$db_pass
StorageLoc=slurm_acct_db
DBD
chmod 600 "$dir/slurmdbd.conf"
slurmdbd || die "slurmdbd did not start; see $dir/log/slurmdbd.log"
for ((i = 0; i < 100; i++)); do
    sacctmgr -n -P list cluster >/dev/null 2>&1 && break
    sleep 0.2
done
sacctmgr -n -P list cluster >/dev/null 2>&1 || die "slurmdbd does not answer; see $dir/log/slurmdbd.log"

# The cluster, the lab's account, and its users. Users get the 'root' account as their default, which
# the partition does not allow: a job must name cnnlab_lab, as every job on Torch names its allocation.
sacct_add() { sacctmgr -i "$@" >>"$dir/log/sacctmgr.log" 2>&1 || die "sacctmgr $* failed; see $dir/log/sacctmgr.log"; }
sacctmgr -n -P list cluster format=cluster | grep -qx cnnlab-test || sacct_add add cluster cnnlab-test
sacctmgr -n -P list account format=account | grep -qx "$account" \
    || sacct_add add account "$account" description="the lab's allocation" organization=cnnlab
for u in root ${SUDO_USER:-}; do
    [ "$u" = root ] || sacctmgr -n -P list user format=user | grep -qx "$u" || sacct_add add user "$u" defaultaccount=root
    sacct_add add user "$u" account="$account"
done

slurmctld -f "$conf" || die "slurmctld did not start; see $dir/log/slurmctld.log"
for ((i = 0; i < 100; i++)); do
    scontrol ping 2>/dev/null | grep -q UP && break
    sleep 0.2
done
scontrol ping 2>/dev/null | grep -q UP || die "slurmctld does not answer; see $dir/log/slurmctld.log"

slurmd -N localhost -f "$conf" || die "slurmd did not start; see $dir/log/slurmd.log"
for ((i = 0; i < 150; i++)); do
    state="$(node_state)"
    [[ "$state" =~ ^idle ]] && break
    if [[ "$state" =~ ^(down|drain) ]]; then
        scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
    fi
    sleep 0.2
done
[[ "$(node_state)" =~ ^idle ]] || die "the node did not become idle (state: $(node_state)); see $dir/log/slurmd.log"

say "$(slurmd -V) up in $(( $(date +%s) - start )) s: $cpus CPUs, ${mem} MB, $gpus fake GPUs, accounting (account $account); SLURM_CONF=$conf"
echo "$conf"
