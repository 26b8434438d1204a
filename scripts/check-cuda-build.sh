#!/usr/bin/env bash
# Checks the CUDA backend without a GPU: the cuda Maven profile resolves (org.nd4j:nd4j-cuda-11.6
# 1.0.0-M2.1 and JavaCPP's CUDA bindings), the main and test code compile against it, and it packages
# into target-cuda/; then the CUDA build is run: `cnnlab info` must know it is the CUDA build, and on
# a machine without a GPU, `cnnlab info`, `cnnlab doctor` and `cnnlab train` must stop with one line
# (exit 2) before doing anything. On a machine with a GPU and CUDA 11.6 it runs `cnnlab doctor` and
# trains one short epoch instead (LeNet, allowed past the small-model refusal for this check).
#
#   scripts/check-cuda-build.sh            classifier linux-x86_64 (CI runs this)
#   scripts/check-cuda-build.sh --cudnn    classifier linux-x86_64-cudnn (another ~600 MB download)
#
# Measured on the project's machine (2 cores, about 70 MB/s from Maven Central): 51 s and 674 MB of
# downloads with an empty Maven cache (601 MB of it is nd4j-cuda-11.6-...-linux-x86_64.jar; after a CPU
# build, the CUDA part adds 27 s and 610 MB); 30 to 40 s when the cache has it all.
set -euo pipefail
cd "$(dirname "$0")/.."

classifier=linux-x86_64
if [ "${1:-}" = --cudnn ]; then
    classifier=linux-x86_64-cudnn
fi
# The local Maven repository: ~/.m2/repository, or the one CNNLAB_MVN_OPTS names with -Dmaven.repo.local=.
repo="$HOME/.m2/repository"
if [[ " ${CNNLAB_MVN_OPTS:-} " =~ \ -Dmaven\.repo\.local=([^ ]+)\  ]]; then
    repo="${BASH_REMATCH[1]}"
fi
say() { echo "check-cuda-build: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

before=$(du -sm "$repo" 2>/dev/null | cut -f1 || echo 0)
start=$(date +%s)
say "mvn -Pcuda -Dcuda.classifier=$classifier -DskipTests package (main and test code compile against the CUDA backend)"
# shellcheck disable=SC2086
mvn -B -q ${CNNLAB_MVN_OPTS:-} -Pcuda -Dcuda.classifier="$classifier" -DskipTests package \
    || fail "the CUDA build did not resolve or compile"
built=$(date +%s)
after=$(du -sm "$repo" 2>/dev/null | cut -f1 || echo 0)

[ -f target-cuda/cnnlab.jar ] || fail "no target-cuda/cnnlab.jar"
cp="$(cat target-cuda/classpath.txt)"
jar="$repo/org/nd4j/nd4j-cuda-11.6/1.0.0-M2.1/nd4j-cuda-11.6-1.0.0-M2.1-$classifier.jar"
[[ ":$cp:" == *":$jar:"* ]] || fail "the class path lacks $jar"
[[ "$cp" == *"/org/bytedeco/cuda/11.6-8.3-1.5.7/"* ]] || fail "the class path lacks JavaCPP's CUDA 11.6 bindings"
[[ "$cp" != *"/nd4j-native/"* ]] || fail "the CUDA class path still has nd4j-native"
say "resolved: $(du -h "$jar" | cut -f1) $(basename "$jar"), and JavaCPP's cuda 11.6-8.3-1.5.7; no nd4j-native"

# From here on the launcher runs the CUDA build that was just made (it is up to date: no rebuild).
json="$(./cnnlab --backend cuda info --json 2>/tmp/check-cuda-info.err)" && info_rc=0 || info_rc=$?
grep -q '"backend" : "cuda"' <<<"$json" || fail "cnnlab info on the CUDA build does not report backend cuda: $json"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ "$info_rc" = 0 ]; then
    say "a GPU is usable here: $(grep -o '"name" : "[^"]*"' <<<"$json" | head -n 1); cnnlab doctor, then one short epoch on it"
    ./cnnlab --backend cuda doctor || fail "cnnlab doctor failed on the GPU"
    ./cnnlab --backend cuda train configs/default.yaml --set training.epochs=1 --set data.trainLimit=2000 \
        --set output.runsDir="$tmp/runs" --allow-small-gpu-model || fail "training on the GPU failed"
    grep -q '"backend" : "cuda"' "$tmp"/runs/*/environment.json || fail "the GPU run's environment.json does not say cuda"
else
    [ "$info_rc" = 2 ] || fail "cnnlab info on the CUDA build without a GPU: exit $info_rc (expected 2)"
    line="$(cat /tmp/check-cuda-info.err)"
    [ "$(wc -l </tmp/check-cuda-info.err)" = 1 ] || fail "expected one line from cnnlab info, got: $line"
    [[ "$line" == "cnnlab: the CUDA backend cannot start here: "* ]] || fail "unexpected: $line"
    say "no GPU here, as expected: $line"
    doctor="$(./cnnlab --backend cuda doctor 2>&1)" && fail "cnnlab doctor on the CUDA build without a GPU passed?" || rc=$?
    [ "$rc" = 2 ] || fail "cnnlab doctor on the CUDA build without a GPU: exit $rc (expected 2): $doctor"
    [ "$(wc -l <<<"$doctor")" = 1 ] && [[ "$doctor" == "cnnlab doctor: the CUDA backend cannot start here: "* ]] \
        || fail "expected one line from cnnlab doctor, got: $doctor"
    say "cnnlab doctor says it in one line: $doctor"
    if out="$(./cnnlab --backend cuda train configs/default.yaml --set output.runsDir="$tmp/runs" 2>&1)"; then
        fail "cnnlab train on the CUDA build without a GPU succeeded?"
    else
        rc=$?
    fi
    [ "$rc" = 2 ] || fail "cnnlab train on the CUDA build without a GPU: exit $rc (expected 2): $out"
    [ "$(wc -l <<<"$out")" = 1 ] || fail "expected one line from cnnlab train, got: $out"
    [ ! -e "$tmp/runs" ] || fail "cnnlab train made a run directory before finding out that CUDA cannot start"
    say "cnnlab train refuses at once, with one line and no run directory"
fi
rm -f /tmp/check-cuda-info.err
say "OK in $(( $(date +%s) - start )) s (build $(( built - start )) s); the local Maven repository grew by $(( after - before )) MB"
