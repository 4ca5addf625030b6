#!/usr/bin/env bash
# Measures the model's speed as a ratio to the hand-written reference loop,
# in alternating runs on the same machine, and prints the median ratio with
# the middle half of the rounds' ratios.
#
#   scripts/bench/model-ratio.sh reference   # BenchmarkReferenceHierarchy{,Neutral} against -model hier -n 1000000 (span 5, depth 4)
#   scripts/bench/model-ratio.sh year        # BenchmarkOrganisationYear100k against -model hier -span 10 -depth 4
#   scripts/bench/model-ratio.sh hold        # BenchmarkKernelHold{1000,100000} against the loop's own hold benchmark
#   ROUNDS=9 REFLOOP=path/to/reference-loop scripts/bench/model-ratio.sh reference
#
# Each round runs the reference loop and then each benchmark once, in an
# order that turns round by round, so that drift in a shared machine's load
# falls on all of them alike; each round gives its own ratio (the model's
# issues per second over the loop's, or for hold the loop's ns per event
# over the kernel's). REFLOOP is the reference loop's source folder
# (default ../shared/bench/reference-loop, beside the repository). The test
# binaries are built first, into a temporary folder removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

case "${1:-}" in
  reference|year|hold) what=$1 ;;
  *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
rounds="${ROUNDS:-9}"
refloop="${REFLOOP:-../shared/bench/reference-loop}"
[ -d "$refloop" ] || { echo "model-ratio.sh: no reference loop in $refloop (set REFLOOP)" >&2; exit 2; }
refloop="$(cd "$refloop" && pwd)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/model.test" ./model
go test -c -o "$tmp/sim.test" ./sim
(cd "$refloop" && go build -o "$tmp/reference-loop" . && go test -c -o "$tmp/reference-loop.test" .)

# field prints the number before the unit $1 in a benchmark's output line.
field() { awk -v u="$1" '{ for (i = 2; i <= NF; i++) if ($i == u) { print $(i - 1); exit } }'; }
case $what in
reference)
  cases=(ReferenceHierarchy ReferenceHierarchyNeutral)
  refargs=(-model hier -n 1000000)
  ;;
year)
  cases=("OrganisationYear100k/hierarchy-presets" "OrganisationYear100k/hierarchy-neutral")
  refargs=(-model hier -span 10 -depth 4 -n 2000000)
  ;;
hold)
  cases=(KernelHold1000 KernelHold100000)
  ;;
esac

: >"$tmp/ratios"
for r in $(seq 1 "$rounds"); do
  line=""
  order=("${cases[@]}")
  if ((r % 2 == 0)); then order=($(printf '%s\n' "${cases[@]}" | tac)); fi
  if [ "$what" = hold ]; then
    declare -A ref=()
    for n in 1000 100000; do
      ref[$n]=$( (cd "$refloop" && "$tmp/reference-loop.test" -test.run '^$' -test.bench "Hold$n\$" -test.benchtime 2000000x) | grep ns/op | awk '{ print $3 }')
    done
    for c in "${order[@]}"; do
      ns=$( (cd sim && "$tmp/sim.test" -test.run '^$' -test.bench "^Benchmark$c\$" -test.benchtime 2000000x) | grep ns/op | awk '{ print $3 }')
      n=${c#KernelHold}
      echo "$c ${ref[$n]} $ns" | awk '{ printf "%s %s %.3f\n", $1, $3, $3 / $2 }' >>"$tmp/ratios"
      line="$line $c=${ns}ns(ref ${ref[$n]}ns)"
    done
  else
    refips=$("$tmp/reference-loop" "${refargs[@]}" | tr ' ' '\n' | awk -F= '$1 == "issues_per_s" { print $2 }')
    for c in "${order[@]}"; do
      if [ "$what" = year ]; then out=$( (cd model && "$tmp/model.test" -test.run '^$' -test.bench "^BenchmarkOrganisationYear100k\$/^${c#*/}\$" -test.benchtime 1x) | grep "^BenchmarkOrganisationYear100k")
      else out=$( (cd model && "$tmp/model.test" -test.run '^$' -test.bench "^Benchmark$c\$" -test.benchtime 3x) | grep "^Benchmark$c")
      fi
      ips=$(echo "$out" | field issues/s)
      extra=$(echo "$out" | field peak-MiB || true)
      echo "$c $ips $refips $extra" | awk '{ printf "%s %s %.3f %s\n", $1, $2, $2 / $3, $4 }' >>"$tmp/ratios"
      line="$line $c=$ips${extra:+ (peak ${extra} MiB)}"
    done
    line="reference=$refips$line"
  fi
  echo "round $r: $line"
done

# median and middle half of a column of numbers on stdin
quartiles() {
  sort -g | awk '{ v[NR] = $1 } END {
    n = NR; m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    lo = v[int((n + 3) / 4)]; hi = v[n + 1 - int((n + 3) / 4)]
    printf "%.3f (middle half %.3f–%.3f)", m, lo, hi }'
}
echo
for c in "${cases[@]}"; do
  if [ "$what" = hold ]; then
    echo "$c: time per event / reference heap's $(awk -v c="$c" '$1 == c { print $3 }' "$tmp/ratios" | quartiles)"
  else
    echo "$c: issues/s ÷ reference loop's $(awk -v c="$c" '$1 == c { print $3 }' "$tmp/ratios" | quartiles)"
    if [ "$what" = year ]; then echo "  peak heap MiB: $(awk -v c="$c" '$1 == c { print $4 }' "$tmp/ratios" | quartiles)"; fi
  fi
done
