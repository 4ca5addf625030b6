#!/usr/bin/env bash
# Measures the whole `orgsim run` of a scenario, figures included, as a
# ratio to the whole process of the hand-written reference loop
# (`-model hier`) on the same number of issues, and `orgsim plot` on the
# folder it wrote (the figures alone) as a ratio to the same loop.
#
#   scripts/bench/figures-ratio.sh                                      # refhier.toml, 9 rounds
#   scripts/bench/figures-ratio.sh scripts/bench/refhier-presets.toml   # the presets' mechanisms
#   ROUNDS=15 REFLOOP=path/to/reference-loop scripts/bench/figures-ratio.sh
#
# The three programs run one after the other in each round, in an order
# that turns round by round, so that drift in a shared machine's load
# falls on all of them alike; each round gives its own ratios, and the
# script prints their medians with the middle half. REFLOOP is the
# reference loop's source folder (default ../shared/bench/reference-loop,
# beside the repository); ISSUES its issue count (default 200000, the
# scenarios' count). Both programs are built first, into a temporary
# folder that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

case "${1:-}" in
  -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
scenario="${1:-scripts/bench/refhier.toml}"
rounds="${ROUNDS:-9}"
refloop="${REFLOOP:-../shared/bench/reference-loop}"
issues="${ISSUES:-200000}"
[ -f "$scenario" ] || { echo "figures-ratio.sh: no scenario file $scenario" >&2; exit 2; }
[ -d "$refloop" ] || { echo "figures-ratio.sh: no reference loop in $refloop (set REFLOOP)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/orgsim" ./cmd/orgsim
(cd "$refloop" && go build -o "$tmp/reference-loop" .)

ref() { "$tmp/reference-loop" -model hier -n "$issues" >/dev/null; }
run() { "$tmp/orgsim" run -quiet -force -out "$tmp/out" "$scenario" >/dev/null; }
plot() { "$tmp/orgsim" plot "$tmp/out" >/dev/null; }
# seconds runs its arguments and prints their wall time in seconds.
seconds() {
  local t0=$EPOCHREALTIME
  "$@"
  local t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }'
}

run; ref # warm the caches
printf 'round  reference_s  run_s  plot_s  run/reference  plot/reference\n'
: >"$tmp/ratios"
for r in $(seq 1 "$rounds"); do
  case $((r % 3)) in
    0) a=$(seconds ref); b=$(seconds run); c=$(seconds plot) ;;
    1) b=$(seconds run); c=$(seconds plot); a=$(seconds ref) ;;
    2) c=$(seconds plot); a=$(seconds ref); b=$(seconds run) ;;
  esac
  awk -v r="$r" -v a="$a" -v b="$b" -v c="$c" \
    'BEGIN { printf "%5d  %11.3f  %5.3f  %6.3f  %13.2f  %14.2f\n", r, a, b, c, b / a, c / a }'
  echo "$a $b $c" >>"$tmp/ratios"
done

# median and quartiles of a column of numbers on stdin
quartiles() {
  sort -g | awk '{ v[NR] = $1 } END {
    n = NR; m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    lo = v[int((n + 3) / 4)]; hi = v[n + 1 - int((n + 3) / 4)]
    printf "%.2f (middle half %.2f–%.2f)", m, lo, hi }'
}
echo
echo "scenario $scenario, $rounds rounds, reference loop -model hier -n $issues"
echo "run/reference:  $(awk '{ print $2 / $1 }' "$tmp/ratios" | quartiles)"
echo "plot/reference: $(awk '{ print $3 / $1 }' "$tmp/ratios" | quartiles)"
echo "reference s:    $(awk '{ print $1 }' "$tmp/ratios" | quartiles)"
