#!/usr/bin/env bash
# Kept for old instructions: the same as `slurm/submit sweep SWEEP [sbatch options ...] [-- cnnlab train options ...]`.
exec "$(dirname "${BASH_SOURCE[0]}")/submit" sweep "$@"
