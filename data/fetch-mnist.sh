#!/usr/bin/env bash
# fetch-mnist.sh - download the full official MNIST (4 gzipped IDX files) and
# verify their SHA-256 checksums.
#
# Usage:
#   data/fetch-mnist.sh [DIR]           download into DIR (default: data/mnist,
#                                       i.e. "mnist" next to this script)
#   data/fetch-mnist.sh --check [DIR]   only verify the files already in DIR
#   data/fetch-mnist.sh --help
#
# Environment:
#   MNIST_MIRRORS   space-separated base URLs (ending in /) tried in order;
#                   default: https://ossci-datasets.s3.amazonaws.com/mnist/
#                   then https://storage.googleapis.com/cvdf-datasets/mnist/
#
# Behaviour:
#   * a file already present with the right SHA-256 is skipped;
#   * a file already present with a wrong SHA-256 is downloaded again;
#   * each download goes to a temporary file in DIR, is verified, then
#     renamed into place (so DIR never holds a partial or unverified file);
#   * a download error on one mirror moves on to the next mirror;
#   * a checksum mismatch deletes the temporary file and exits non-zero;
#   * --check exits non-zero if any file is missing or does not match.
#
# Mirrors (the original http://yann.lecun.com/exdb/mnist/ is no longer
# reliably downloadable; these serve byte-identical copies):
#   1. https://ossci-datasets.s3.amazonaws.com/mnist/      (PyTorch/torchvision)
#   2. https://storage.googleapis.com/cvdf-datasets/mnist/ (TensorFlow/TFDS)
#
# Checksums of the .gz files (size in bytes, SHA-256), taken from and
# cross-checked in two independent sources that agree exactly:
#   a. tensorflow/datasets, tensorflow_datasets/url_checksums/mnist.txt
#      (commit 31f1255e57e519a6c004f0b097a2f5cfcf0dde7d; also lists sizes);
#   b. pytorch/vision, torchvision/prototype/datasets/_builtin/mnist.py,
#      MNIST._CHECKSUMS (commit 01c11a0564b8417561ae4c414fe659fc97476987).
#   train-images-idx3-ubyte.gz  9912422  440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609
#   train-labels-idx1-ubyte.gz    28881  3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c
#   t10k-images-idx3-ubyte.gz   1648877  8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6
#   t10k-labels-idx1-ubyte.gz      4542  f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6
#
# MD5 of the same files (the checksums published with the dataset and used by
# torchvision.datasets.MNIST.resources), for reference only:
#   train-images-idx3-ubyte.gz  f68b3c2dcbeaaa9fbdd348bbdeb94873
#   train-labels-idx1-ubyte.gz  d53e105ee54ea40749a09fcbcd1e9432
#   t10k-images-idx3-ubyte.gz   9fb629c4189551a2d022fa330f9573f3
#   t10k-labels-idx1-ubyte.gz   ec29112dd5afa0611ce80d1b7f02629c
#
# MNIST: Yann LeCun, Corinna Cortes, Christopher J.C. Burges; licence
# CC BY-SA 3.0 as stated by the MNIST site and redistributors.

set -euo pipefail

FILES=(
  train-images-idx3-ubyte.gz
  train-labels-idx1-ubyte.gz
  t10k-images-idx3-ubyte.gz
  t10k-labels-idx1-ubyte.gz
)
SHA256S=(
  440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609
  3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c
  8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6
  f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6
)
DEFAULT_MIRRORS="https://ossci-datasets.s3.amazonaws.com/mnist/ https://storage.googleapis.com/cvdf-datasets/mnist/"
read -r -a MIRRORS <<< "${MNIST_MIRRORS:-$DEFAULT_MIRRORS}"

prog=$(basename "$0")
script_dir=$(cd "$(dirname "$0")" && pwd)

die() { echo "$prog: $*" >&2; exit 1; }

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

check_only=0
dir=""
while (($#)); do
  case "$1" in
    --check) check_only=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) [[ -z "$dir" ]] || die "more than one directory given (see --help)"; dir="$1" ;;
  esac
  shift
done
dir="${dir:-$script_dir/mnist}"

if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  die "need sha256sum or shasum"
fi

# --check: verify only, no network.
if ((check_only)); then
  status=0
  for i in "${!FILES[@]}"; do
    f="$dir/${FILES[$i]}"
    if [[ ! -f "$f" ]]; then
      echo "${FILES[$i]}: MISSING"; status=1
    elif [[ "$(sha256 "$f")" == "${SHA256S[$i]}" ]]; then
      echo "${FILES[$i]}: OK"
    else
      echo "${FILES[$i]}: FAILED (sha256 mismatch)"; status=1
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

for i in "${!FILES[@]}"; do
  name="${FILES[$i]}"; want="${SHA256S[$i]}"; dest="$dir/$name"
  if [[ -f "$dest" ]]; then
    if [[ "$(sha256 "$dest")" == "$want" ]]; then
      echo "$name: present, checksum OK, skipped"
      continue
    fi
    echo "$name: present but checksum wrong, downloading again" >&2
  fi
  tmp=$(mktemp "$dir/.$name.XXXXXX")
  ok=0
  for base in "${MIRRORS[@]}"; do
    echo "$name: downloading ${base}${name}"
    if fetch "${base}${name}" "$tmp"; then ok=1; break; fi
    echo "$name: download from $base failed, trying next mirror" >&2
  done
  if ((!ok)); then
    rm -f "$tmp"; tmp=""
    die "$name: download failed from all mirrors"
  fi
  got=$(sha256 "$tmp")
  if [[ "$got" != "$want" ]]; then
    rm -f "$tmp"; tmp=""
    die "$name: sha256 mismatch (got $got, expected $want); temporary file deleted"
  fi
  chmod 0644 "$tmp"
  mv -f "$tmp" "$dest"; tmp=""
  echo "$name: OK"
done
echo "MNIST complete and verified in $dir"
