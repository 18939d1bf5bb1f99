#!/bin/bash
# Benchmark: netloom listen --read against tcpdump -r FILE -w /dev/null (the floor: reading
# the file at all) over the same generated capture, in the same run. Several rounds each,
# medians. Target: netloom within 2x of tcpdump's rate, memory bounded by devices seen.
#   bench/pcap.sh NETLOOM [MB]    (PCAP_BENCH_ROUNDS, default 5; MB default 1024)
set -eu
netloom=$(cd "$(dirname "${1:?usage: bench/pcap.sh NETLOOM [MB]}")" && pwd)/$(basename "$1")
mb=${2:-${PCAP_BENCH_MB:-1024}}
rounds=${PCAP_BENCH_ROUNDS:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/netloom-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

cap=$work/bench.pcap
python3 "$top/bench/pcapgen.py" bench "$cap" "$mb"
bytes=$(stat -c %s "$cap")
packets=$("$netloom" --db "$work/count.db" listen \
    --read "$cap" --summary | sed -n 's/^listen: .*: \([0-9]*\) packets.*/\1/p')

# run LABEL CMD...: wall seconds and peak RSS (KB) of one run, one line.
run() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print("%.4f %d" % (time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
}

nl_t=(); td_t=(); nl_rss=0
for r in $(seq "$rounds"); do
    rm -f "$work"/b.db*
    read -r s rss < <(run "$netloom" --db "$work/b.db" listen --read "$cap" --summary)
    nl_t+=("$s"); [ "$rss" -gt "$nl_rss" ] && nl_rss=$rss
    read -r s _ < <(run tcpdump -r "$cap" -w /dev/null)
    td_t+=("$s")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
nl=$(median "${nl_t[@]}"); td=$(median "${td_t[@]}")
awk -v p="$packets" -v b="$bytes" -v nl="$nl" -v td="$td" -v rss="$nl_rss" -v r="$rounds" 'BEGIN {
    printf "pcap bench: %d packets, %.1f MB, %d rounds, medians\n", p, b / 1048576, r
    printf "  netloom listen --read    %7.3f s  %12.0f packets/s  %8.1f MB/s  (peak RSS %d KB)\n", nl, p / nl, b / 1048576 / nl, rss
    printf "  tcpdump -r -w /dev/null  %7.3f s  %12.0f packets/s  %8.1f MB/s\n", td, p / td, b / 1048576 / td
    printf "  ratio netloom/tcpdump time: %.2fx (target <= 2x)\n", nl / td
}'
