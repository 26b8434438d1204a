#!/usr/bin/env bash
# fetch-medmnist.sh - download MedMNIST datasets (.npz files: 28x28, or MedMNIST+'s 64, 128, 224) from Zenodo
# and verify the MD5 sums that MedMNIST publishes.
#
# Usage:
#   data/fetch-medmnist.sh NAME...            download into data/medmnist/ (next to this
#                                             script), e.g. pneumoniamnist bloodmnist
#   data/fetch-medmnist.sh all                all twelve 2D datasets (about 1.6 GB)
#   data/fetch-medmnist.sh --size 64 NAME...  MedMNIST+'s larger images (64, 128 or 224; default 28):
#                                             NAME_64.npz, e.g. pneumoniamnist_64.npz, same layout
#   data/fetch-medmnist.sh --dir DIR NAME...  download into DIR instead
#   data/fetch-medmnist.sh --check NAME...    only verify files already there (no network)
#   data/fetch-medmnist.sh --list             the names, with task, channels and sizes
#   data/fetch-medmnist.sh --help
#
# Run it where there is internet (Greene's login or data-transfer nodes, a
# laptop); cnnlab itself never downloads anything. Then train with e.g.
#   ./cnnlab train configs/pneumoniamnist.yaml
# which finds data/medmnist/pneumoniamnist.npz (a file elsewhere: set
# data.dataset to its path, e.g. --set data.dataset=/scratch/$USER/x.npz).
#
# Environment:
#   MEDMNIST_BASE_URL  where NAME.npz is fetched from, as BASE/NAME.npz?download=1;
#                      default https://zenodo.org/records/10519652/files
#
# Behaviour (as data/fetch-mnist.sh):
#   * a file already present with the right MD5 is skipped;
#   * a file present with a wrong MD5 is downloaded again;
#   * each download goes to a temporary file in DIR, is verified, then renamed
#     into place, so DIR never holds a partial or unverified file;
#   * an MD5 mismatch deletes the temporary file and exits non-zero;
#   * --check exits non-zero if any file is missing or does not match.
#   * MedMNIST+ sizes (--size 64/128/224): cnnlab's table has the MD5 sums of the
#     28x28 files only, so a larger file is checked to be a zip archive (an .npz)
#     and its MD5 is printed, not compared; cnnlab checks its contents (shapes,
#     labels, split sizes, image side) when it loads it.
#
# Source of the names, URLs and MD5 sums: MedMNIST's own medmnist/info.py,
# version 3.0.2 (github.com/MedMNIST/MedMNIST, commit
# 3bb56be69bca38e5f105b21e4d6482b91354d3a4, 2024-09-16), keys "url" and "MD5"
# of the 2D datasets; the same facts are in
# src/main/resources/cnnlab/data/medmnist.json (a test checks they agree).
# Data: MedMNIST v2/v3, Yang et al., Scientific Data 10, 41 (2023); licence
# CC BY 4.0 (DermaMNIST: CC BY-NC 4.0). The 3D datasets are not listed.

set -euo pipefail

# name  MD5 of the 28x28 .npz  (MedMNIST info.py v3.0.2)
DATASETS=(
  "pathmnist       a8b06965200029087d5bd730944a56c1"
  "chestmnist      02c8a6516a18b556561a56cbdd36c4a8"
  "dermamnist      0744692d530f8e62ec473284d019b0c7"
  "octmnist        c68d92d5b585d8d81f7112f81e2d0842"
  "pneumoniamnist  28209eda62fecd6e6a2d98b1501bb15f"
  "retinamnist     bd4c0672f1bba3e3a89f0e4e876791e4"
  "breastmnist     750601b1f35ba3300ea97c75c52ff8f6"
  "bloodmnist      7053d0359d879ad8a5505303e11de1dc"
  "tissuemnist     ebe78ee8b05294063de985d821c1c34b"
  "organamnist     68e3f8846a6bd62f0c9bf841c0d9eacc"
  "organcmnist     b9ceb9546e10131b32923c5bbeaea2b1"
  "organsmnist     9ab87b696fb54e2a387ebe992d6ed5f1"
)
# name  task  channels  train/val/test  (for --list; info.py v3.0.2)
LISTING=(
  "pathmnist       multi-class (9)            3  89996/10004/7180"
  "chestmnist      multi-label (14)           1  78468/11219/22433"
  "dermamnist      multi-class (7)            3  7007/1003/2005"
  "octmnist        multi-class (4)            1  97477/10832/1000"
  "pneumoniamnist  binary (2)                 1  4708/524/624"
  "retinamnist     ordinal regression (5)     3  1080/120/400"
  "breastmnist     binary (2)                 1  546/78/156"
  "bloodmnist      multi-class (8)            3  11959/1712/3421"
  "tissuemnist     multi-class (8)            1  165466/23640/47280"
  "organamnist     multi-class (11)           1  34561/6491/17778"
  "organcmnist     multi-class (11)           1  12975/2392/8216"
  "organsmnist     multi-class (11)           1  13932/2452/8827"
)
BASE_URL="${MEDMNIST_BASE_URL:-https://zenodo.org/records/10519652/files}"

prog=$(basename "$0")
script_dir=$(cd "$(dirname "$0")" && pwd)

die() { echo "$prog: $*" >&2; exit 1; }
usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
names() { for d in "${DATASETS[@]}"; do read -r n _ <<< "$d"; printf '%s ' "$n"; done; }
md5_of_name() {
  local d n m
  for d in "${DATASETS[@]}"; do
    read -r n m <<< "$d"
    if [[ "$n" == "$1" ]]; then echo "$m"; return 0; fi
  done
  return 1
}

check_only=0
dir=""
size=28
wanted=()
while (($#)); do
  case "$1" in
    --check) check_only=1 ;;
    --dir) shift; (($#)) || die "--dir needs a directory (see --help)"; dir="$1" ;;
    --size) shift; (($#)) || die "--size needs 28, 64, 128 or 224"; size="$1"
            [[ "$size" =~ ^(28|64|128|224)$ ]] || die "--size must be 28, 64, 128 or 224 (MedMNIST+), got '$size'" ;;
    --list) printf '%s\n' "name            task                       ch train/val/test" "${LISTING[@]}"; exit 0 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option: $1 (see --help)" ;;
    all) read -r -a all_names <<< "$(names)"; wanted+=("${all_names[@]}") ;;
    *) wanted+=("$(echo "$1" | tr '[:upper:]' '[:lower:]')") ;;
  esac
  shift
done
((${#wanted[@]})) || die "which datasets? e.g. $prog pneumoniamnist (names: $(names)or all)"
for n in "${wanted[@]}"; do
  md5_of_name "$n" >/dev/null || die "unknown dataset '$n'; the 2D MedMNIST datasets are: $(names)"
done
dir="${dir:-$script_dir/medmnist}"

# File name of dataset $1 at the chosen size: NAME.npz (28) or NAME_SIZE.npz (MedMNIST+).
file_of() { if [[ "$size" == 28 ]]; then echo "$1.npz"; else echo "$1_$size.npz"; fi; }
# Whether $1 starts like a zip archive (an .npz is one): "PK\3\4".
is_zip() { [[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" == 'PK003004' ]]; }

if command -v md5sum >/dev/null 2>&1; then
  md5() { md5sum "$1" | cut -d' ' -f1; }
elif command -v md5 >/dev/null 2>&1; then
  md5() { md5 -q "$1"; }
else
  die "need md5sum or md5"
fi

# --check: verify only, no network.
if ((check_only)); then
  status=0
  for n in "${wanted[@]}"; do
    b=$(file_of "$n"); f="$dir/$b"
    if [[ ! -f "$f" ]]; then
      echo "$b: MISSING"; status=1
    elif [[ "$size" != 28 ]]; then
      if is_zip "$f"; then echo "$b: OK (a zip archive; MD5 $(md5 "$f") not compared: no published MD5 in cnnlab's table)"
      else echo "$b: FAILED (not a zip archive)"; status=1; fi
    elif [[ "$(md5 "$f")" == "$(md5_of_name "$n")" ]]; then
      echo "$b: OK"
    else
      echo "$b: FAILED (md5 mismatch)"; status=1
    fi
  done
  ((status == 0)) || die "check failed in $dir"
  exit 0
fi

if command -v curl >/dev/null 2>&1; then
  fetch() { curl --fail --location --silent --show-error --retry 3 \
                 --connect-timeout 30 --output "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget --quiet --tries=3 --timeout=30 --output-document="$2" "$1"; }
else
  die "need curl or wget"
fi

mkdir -p "$dir"
tmp=""
trap 'if [[ -n "$tmp" ]]; then rm -f "$tmp"; fi' EXIT
trap 'exit 130' INT TERM

# Downloads file $1 from BASE_URL into a new temporary file $tmp in DIR (deleted on failure or exit).
download() {
  tmp=$(mktemp "$dir/.$1.XXXXXX")
  local url="$BASE_URL/$1?download=1"
  echo "$1: downloading $url"
  if ! fetch "$url" "$tmp"; then
    rm -f "$tmp"; tmp=""
    die "$1: download failed from $url"
  fi
}

for n in "${wanted[@]}"; do
  if [[ "$size" != 28 ]]; then
    b=$(file_of "$n"); dest="$dir/$b"
    if [[ -f "$dest" ]] && is_zip "$dest"; then
      echo "$b: present, skipped (MD5 $(md5 "$dest"))"
      continue
    fi
    download "$b"
    if ! is_zip "$tmp"; then
      rm -f "$tmp"; tmp=""
      die "$b: not a zip archive (an error page?); temporary file deleted"
    fi
    chmod 0644 "$tmp"
    mv -f "$tmp" "$dest"; tmp=""
    echo "$b: OK (MD5 $(md5 "$dest"); MedMNIST+ MD5s are not in cnnlab's table, so it was not compared)"
    continue
  fi
  want=$(md5_of_name "$n"); dest="$dir/$n.npz"
  if [[ -f "$dest" ]]; then
    if [[ "$(md5 "$dest")" == "$want" ]]; then
      echo "$n.npz: present, MD5 OK, skipped"
      continue
    fi
    echo "$n.npz: present but MD5 wrong, downloading again" >&2
  fi
  download "$n.npz"
  got=$(md5 "$tmp")
  if [[ "$got" != "$want" ]]; then
    rm -f "$tmp"; tmp=""
    die "$n.npz: MD5 mismatch (got $got, expected $want); temporary file deleted"
  fi
  chmod 0644 "$tmp"
  mv -f "$tmp" "$dest"; tmp=""
  echo "$n.npz: OK"
done
echo "MedMNIST files complete and verified in $dir"
