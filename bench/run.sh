#!/usr/bin/env bash
# Runs the benchmark suite with the flags docs/performance.md quotes,
# summarises every part with benchstat (medians of COUNT runs) and rewrites
# the generated part of docs/performance.md from it.
#
#   bench/run.sh              # the full suite, -count 10: about 20 minutes
#   COUNT=6 bench/run.sh      # fewer runs
#   DOC=0 bench/run.sh        # leave docs/performance.md alone
#   bench/run.sh parallel     # only some parts: lifecycle parallel callbacks
#                             # record collect heap
#   bench/run.sh report       # only rebuild the report from bench/out
#
# Raw output and benchstat tables are kept in bench/out/ (git-ignored).
# Benchmarks are noisy on a shared machine: run on an idle one.
set -euo pipefail
# The suite is the root module's alone; the sdk part needs -modfile, which
# a workspace refuses.
export GOWORK=off
cd "$(dirname "$0")/.."
count=${COUNT:-10}
out=bench/out
mkdir -p "$out" .cache/bin

benchstat=.cache/bin/benchstat
if [ ! -x "$benchstat" ]; then
	GOBIN="$PWD/.cache/bin" go install golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
fi

# quote ARGS...: the arguments as a shell would need them typed.
quote() {
	local a
	for a in "$@"; do
		case $a in
		*[!A-Za-z0-9_./=,-]*) printf "'%s' " "$a" ;;
		*) printf '%s ' "$a" ;;
		esac
	done
}

# part NAME FLAGS...: one part of the suite, run COUNT times. The runs are
# rounds of -count 1 rather than one -count COUNT, so that a burst of load
# from elsewhere hits every contender of a round alike instead of all runs
# of one contender.
part() {
	local name=$1 i
	shift
	echo "go test -run '^\$' $(quote "$@")-count 1 -timeout 30m ./bench/  # $count times" | tee "$out/$name.cmd"
	: >"$out/$name.txt"
	for i in $(seq "$count"); do
		go test -run '^$' "$@" -count 1 -timeout 30m ./bench/ >>"$out/$name.txt"
	done
	"$benchstat" "$out/$name.txt" >"$out/$name.stat"
	"$benchstat" -format csv "$out/$name.txt" 2>/dev/null >"$out/$name.csv"
}

# The parts of the suite; run.sh PART... runs only those, run.sh report none.
declare -A parts=(
	[lifecycle]="-bench ^BenchmarkLifecycle\$ -cpu 1"
	[parallel]="-bench ^BenchmarkLifecycleParallel\$ -cpu 1,2"
	[callbacks]="-bench ^BenchmarkCallback\$ -cpu 1 -benchtime 200ms"
	[record]="-bench ^BenchmarkHistogramRecord\$ -cpu 1"
	[collect]="-bench ^Benchmark(Collect|PrometheusScrape)\$ -cpu 1 -benchtime 20x"
	[heap]="-bench ^BenchmarkHeapPerSeries\$ -cpu 1 -benchtime 3x"
	# The lifecycle and one Record again, on the last SDK release that does
	# not deduplicate map attribute values on every measurement.
	[sdk]="-modfile=$out/sdk.mod -mod=mod -bench ^Benchmark(Lifecycle|HistogramRecord)\$ -cpu 1"
)
order=(lifecycle parallel callbacks record collect heap sdk)

# sdk_before is that SDK release; the sdk part builds against it through a
# copy of go.mod that replaces sdk/metric, leaving go.mod alone.
sdk_before=v1.44.0
sed "\$a replace go.opentelemetry.io/otel/sdk/metric => go.opentelemetry.io/otel/sdk/metric $sdk_before" go.mod >"$out/sdk.mod"
cp go.sum "$out/sdk.sum"
if [ $# -eq 0 ]; then
	set -- "${order[@]}"
fi
for p in "$@"; do
	[ "$p" = report ] && continue
	[ -n "${parts[$p]:-}" ] || { echo "run.sh: no part $p; parts: ${order[*]}" >&2; exit 2; }
	echo "$count" >"$out/$p.count"
	# shellcheck disable=SC2086 # the flags are words
	part "$p" ${parts[$p]}
done

# value FILE UNIT NAME: the median of NAME in UNIT from a benchstat CSV.
value() {
	awk -F, -v unit="$2" -v name="$3" '
		$1 == "" && $3 == "CI" { u = $2; next }
		u == unit && $1 == name { print $2; exit }' "$out/$1.csv"
}

# slowest FILE UNIT PREFIX: the largest median of the names that start with
# PREFIX.
slowest() {
	awk -F, -v unit="$2" -v prefix="$3" '
		$1 == "" && $3 == "CI" { u = $2; next }
		u == unit && index($1, prefix) == 1 && $2 + 0 > max { max = $2 + 0 }
		END { print max + 0 }' "$out/$1.csv"
}

ns() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1e9 }'; }

# scaling NAME [MIN]: for each round of the parallel part, the -cpu 1 time of
# NAME divided by its -cpu 2 time, one a line; with MIN, only the rounds in
# which the cpu-bound contender scaled by at least MIN. The two runs of a
# round are seconds apart, so their ratio holds better on a shared machine
# than the ratio of two medians taken minutes apart.
scaling() {
	awk -v n="BenchmarkLifecycleParallel/$1" -v c=BenchmarkLifecycleParallel/cpu-bound -v min="${2:-0}" '
		$1 == n { one[a++] = $3 }
		$1 == n "-2" { two[b++] = $3 }
		$1 == c { cone[x++] = $3 }
		$1 == c "-2" { ctwo[y++] = $3 }
		END {
			for (i = 0; i < a && i < b; i++)
				if (min == 0 || cone[i] / ctwo[i] >= min) printf "%.2f\n", one[i] / two[i]
		}' "$out/parallel.txt"
}
# median: the median of the numbers on stdin, "-" if there are none.
median() {
	sort -g | awk '{ v[NR] = $1 }
		END { if (NR == 0) print "-"; else printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# atleast X MIN, atmost X MAX: whether a bar is met.
atleast() { awk -v x="$1" -v min="$2" 'BEGIN { print (x + 0 >= min + 0 ? "met" : "NOT met") }'; }
atmost() { awk -v x="$1" -v max="$2" 'BEGIN { print (x + 0 <= max + 0 ? "met" : "NOT met") }'; }

report() {
	local so naive cg pre noop nop clock so_scale cpu_scale so_fast rounds fast
	so=$(value lifecycle sec/op Lifecycle/streamotel)
	naive=$(value lifecycle sec/op Lifecycle/naive-otel)
	cg=$(value lifecycle sec/op Lifecycle/client_golang)
	pre=$(value lifecycle sec/op Lifecycle/client_golang-prebound)
	noop=$(value lifecycle sec/op Lifecycle/noop)
	nop=$(value lifecycle sec/op Lifecycle/nop)
	clock=$(value lifecycle sec/op Lifecycle/clock)
	so_scale=$(scaling streamotel | median)
	cpu_scale=$(scaling cpu-bound | median)
	so_fast=$(scaling streamotel 1.8 | median)
	rounds=$(scaling streamotel | wc -l)
	fast=$(scaling streamotel 1.8 | wc -l)

	echo "Machine: $(grep -m1 '^cpu:' "$out/lifecycle.txt" | cut -d' ' -f2-), $(nproc) cores, $(uname -sr)."
	echo "Go: $(go env GOVERSION). Modules: $(go list -m -f '{{.Path}} {{.Version}}' \
		go.opentelemetry.io/otel/sdk/metric github.com/prometheus/client_golang go.opentelemetry.io/otel/exporters/prometheus |
		paste -sd, - | sed 's/,/, /g')."
	echo "Generated by \`bench/run.sh\` on $(date -u +%Y-%m-%d) with -count $(cat "$out/lifecycle.count"); medians, ± the 95% confidence interval."
	echo
	echo "### Lifecycle, \`-cpu 1\`"
	echo
	echo "| contender | ns/op | B/op | allocs/op | × streamotel |"
	echo "|---|---:|---:|---:|---:|"
	for c in streamotel naive-otel client_golang client_golang-prebound noop nop clock; do
		local s
		s=$(value lifecycle sec/op "Lifecycle/$c")
		echo "| $c | $(ns "$s") | $(value lifecycle B/op "Lifecycle/$c") | $(value lifecycle allocs/op "Lifecycle/$c") | $(ratio "$s" "$so") |"
	done
	echo
	echo "### Bars"
	echo
	echo "| bar | measured | |"
	echo "|---|---:|---|"
	local allocs
	allocs=$(value lifecycle allocs/op Lifecycle/streamotel)
	echo "| streamotel allocates nothing | $allocs allocs/op | $(atmost "$allocs" 0) |"
	echo "| naive-otel ÷ streamotel ≥ 10 | $(ratio "$naive" "$so") | $(atleast "$(ratio "$naive" "$so")" 10) |"
	echo "| client_golang ÷ streamotel ≥ 1 | $(ratio "$cg" "$so") | $(atleast "$(ratio "$cg" "$so")" 1) |"
	echo "| streamotel ÷ client_golang-prebound ≤ 2.0 | $(ratio "$so" "$pre") | $(atmost "$(ratio "$so" "$pre")" 2.0) |"
	echo "| the same on sdk/metric $sdk_before, before the SDK deduplicated map attribute values on every measurement | $(ratio "$(value sdk sec/op Lifecycle/streamotel)" "$(value sdk sec/op Lifecycle/client_golang-prebound)") | $(atmost "$(ratio "$(value sdk sec/op Lifecycle/streamotel)" "$(value sdk sec/op Lifecycle/client_golang-prebound)")" 2.0) (one \`Record\` with 6 attributes: $(ns "$(value sdk sec/op HistogramRecord/sdk/attrs=6)") ns there, $(ns "$(value record sec/op HistogramRecord/sdk/attrs=6)") ns on $(go list -m -f '{{.Version}}' go.opentelemetry.io/otel/sdk/metric)) |"
	echo "| noop ÷ client_golang-prebound ≤ 0.35 | $(ratio "$noop" "$pre") | $(atmost "$(ratio "$noop" "$pre")" 0.35) (the clock reads alone, \`clock\`: $(ratio "$clock" "$pre")) |"
	echo "| noop per callback (8.1 callbacks a message) | $(awk -v s="$noop" 'BEGIN { printf "%.1f", s * 1e9 / 8.1 }') ns | the Monitor's own share, noop − nop: $(awk -v s="$noop" -v n="$nop" 'BEGIN { printf "%.1f", (s - n) * 1e9 / 8.1 }') ns; see \`callbacks\` |"
	local nopcb loop
	nopcb=$(slowest callbacks sec/op Callback/nop/)
	loop=$(value callbacks sec/op Callback/loop)
	echo "| nop (a nil \`*otelsensor.Sensor\`, the disabled front) per callback ≤ 3 ns: the slowest of \`BenchmarkCallback/nop\`, less the benchmark's loop | $(ns "$nopcb") − $(ns "$loop") = $(ns "$(awk -v a="$nopcb" -v b="$loop" 'BEGIN { print a - b }')") ns | $(atmost "$(ns "$(awk -v a="$nopcb" -v b="$loop" 'BEGIN { print a - b }')")" 3) (with the loop: $(atmost "$(ns "$nopcb")" 3); the lifecycle ÷ 8.1, its loop included: $(awk -v s="$nop" 'BEGIN { printf "%.1f", s * 1e9 / 8.1 }') ns) |"
	echo "| parallel: \`-cpu 2\` throughput ÷ \`-cpu 1\` ≥ 1.6, median of the $rounds rounds' ratios | $so_scale | $(atleast "$so_scale" 1.6) (cpu-bound, the machine: $cpu_scale) |"
	echo "| the same, in the $fast rounds in which cpu-bound scaled ≥ 1.8 | $so_fast | $(atleast "$so_fast" 1.6) |"
	local col
	col=$(ns "$(value collect sec/series Collect/streamotel/series=10000)")
	echo "| collection per series at 10,000 series ≤ ~1 µs | $col ns | $(atmost "$col" 1000) (one SDK observable counter: $(ns "$(value collect sec/series Collect/sdk-observable/series=10000)") ns) |"
	echo
	echo "Each round's \`-cpu 1\` ÷ \`-cpu 2\` time, in the order of the rounds:"
	echo
	echo "| contender | ratios | median |"
	echo "|---|---|---:|"
	for c in streamotel client_golang client_golang-prebound noop cpu-bound; do
		echo "| $c | $(scaling "$c" | paste -sd' ' -) | $(scaling "$c" | median) |"
	done
	echo
	for p in "${order[@]}"; do
		echo "### \`$p\`"
		echo
		echo '```'
		cat "$out/$p.cmd"
		grep -v '^\(goos\|goarch\|pkg\|cpu\):' "$out/$p.stat"
		echo '```'
		echo
	done
}

report >"$out/report.md"
echo "== wrote $out/report.md"

doc=docs/performance.md
if [ "${DOC:-1}" = 1 ] && [ -f "$doc" ]; then
	begin='<!-- begin generated by bench/run.sh -->'
	end='<!-- end generated by bench/run.sh -->'
	awk -v begin="$begin" -v end="$end" -v report="$out/report.md" '
		$0 == begin { print; while ((getline line < report) > 0) print line; skip = 1; next }
		$0 == end { skip = 0 }
		!skip' "$doc" >"$doc.new"
	mv "$doc.new" "$doc"
	echo "== updated $doc"
fi
