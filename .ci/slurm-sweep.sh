#!/usr/bin/env bash
# Runs a small sweep as 4 Slurm array tasks on a single-node Slurm cluster,
# merges the shards in a dependent job, and checks the merged results equal
# the same sweep run locally, byte for byte. Uses the job scripts of
# docs/slurm/, so the documented recipe is what is tested.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
tools=${SLURM_TOOLS:-$repo/../shared/tools}
work=$(mktemp -d /tmp/orgsim-slurm-XXXXXX)
mkdir -p "$work/bin"
go build -o "$work/bin/orgsim" ./cmd/orgsim
export PATH=$work/bin:$PATH

bash "$tools/slurm-single-node.sh" > "$work/slurm.pids"
trap 'bash "$tools/slurm-single-node-stop.sh" >/dev/null 2>&1 || true' EXIT

extra="-replications 2 -horizon 24w"
# shellcheck disable=SC2086
orgsim sweep sweep-surge $extra -quiet -out "$work/local"

cd "$work"
mkdir -p logs shards
N=4
arr=$(sbatch --parsable --array=0-$((N-1)) --export=ALL,N=$N,SWEEP=sweep-surge,OUT=shards,EXTRA="$extra" "$repo/docs/slurm/sweep.sbatch")
mrg=$(sbatch --parsable --dependency=afterok:"$arr" --kill-on-invalid-dep=yes --export=ALL,N=$N,OUT=shards,RESULTS=merged "$repo/docs/slurm/merge.sbatch")
echo "submitted array job $arr and merge job $mrg"
for _ in $(seq 1 300); do
  [ -z "$(squeue -h -j "$arr,$mrg" 2>/dev/null)" ] && break
  sleep 1
done
if [ -n "$(squeue -h -j "$arr,$mrg" 2>/dev/null)" ]; then echo "jobs still queued after 300 s"; squeue; exit 1; fi
cat logs/*.out
for f in runs.csv summary.csv manifest.json sweep-latency_p95.png sweep-latency_p95.svg; do
  cmp "local/$f" "merged/$f"
done
echo "slurm sweep: 4 array tasks merged equal the local sweep"
