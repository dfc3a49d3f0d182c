#!/usr/bin/env bash
# Stream throughput of the bundled server against a real redis-server, side by side (a sibling of
# compare-redis-benchmark.sh, with the same method): alternating which server goes first, several rounds, median
# requests/s of each and their ratio (bundled / redis) as a Markdown table.
#
# Tests (redis-benchmark sending arbitrary commands):
#   xadd          XADD bench:s * f v                        (an ever-growing stream)
#   xadd-capped   XADD bench:c MAXLEN ~ 1000 * f v           (approximate trimming on every add)
#   xreadgroup    XREADGROUP GROUP g c COUNT 1 STREAMS bench:q >   (each call delivers one new entry)
#   xack          XACK bench:q g <random delivered ID>       (acknowledges entries of the pending list)
# Before the xreadgroup/xack pair, bench:q is filled with REQUESTS entries (IDs 1-1 .. REQUESTS-1) and group g
# created at 0, so every XREADGROUP finds a new entry; XACK's IDs are __rand_int__-1 over that range.
#
# Usage: bench/scripts/compare-redis-streams.sh [rounds] [requests]
#   env: CLIENTS (50), PIPELINES ("1 16"), JAVA_OPTS (for the bundled server's JVM)
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${1:-5}
REQUESTS=${2:-200000}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx4g -XX:+UseParallelGC"}

. bench/scripts/lib/servers.sh
require_tools redis-server redis-benchmark redis-cli java
start_servers
echo "# $ROUNDS rounds x $REQUESTS requests, -c $CLIENTS, java: $(java -version 2>&1 | head -1)" >&2

fill_queue() { # port: bench:q with REQUESTS entries 1-1..N-1 and group g at 0
  redis-cli -p "$1" del bench:q >/dev/null
  awk -v n="$REQUESTS" 'BEGIN { for (i = 1; i <= n; i++) {
    id = i "-1"; printf "*5\r\n$4\r\nXADD\r\n$7\r\nbench:q\r\n$%d\r\n%s\r\n$1\r\nf\r\n$1\r\nv\r\n", length(id), id } }' \
    | redis-cli -p "$1" --pipe >/dev/null
  redis-cli -p "$1" xgroup create bench:q g 0 >/dev/null
}

# bench port pipeline name command...: prints "name,rps"
bench() {
  local port=$1 pipeline=$2 name=$3
  shift 3
  redis-benchmark -p "$port" -c "$CLIENTS" -n "$REQUESTS" -P "$pipeline" -r "$REQUESTS" --csv "$@" 2>/dev/null \
    | awk -F'","' -v t="$name" 'NR > 1 { gsub(/"/, "", $2); print t "," $2 }'
}

run_all() { # port pipeline
  local port=$1 pipeline=$2
  redis-cli -p "$port" flushall >/dev/null
  bench "$port" "$pipeline" xadd XADD bench:s '*' f v
  bench "$port" "$pipeline" xadd-capped XADD bench:c MAXLEN '~' 1000 '*' f v
  fill_queue "$port"
  bench "$port" "$pipeline" xreadgroup XREADGROUP GROUP g c COUNT 1 STREAMS bench:q '>'
  bench "$port" "$pipeline" xack XACK bench:q g __rand_int__-1
}

results="$work/results.csv" # server,pipeline,test,rps
# A warm-up round for the JIT, not recorded.
run_all "$bundled_port" 16 >/dev/null
for pipeline in $PIPELINES; do
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="redis bundled"; else order="bundled redis"; fi
    for server in $order; do
      port=$redis_port; [ "$server" = bundled ] && port=$bundled_port
      run_all "$port" "$pipeline" | awk -F, -v s="$server" -v p="$pipeline" '{ print s "," p "," $1 "," $2 }' >> "$results"
    done
  done
done

echo
echo "| test | -P | redis-server $redis_version req/s (median) | bundled req/s (median) | bundled / redis |"
echo "| --- | --- | --- | --- | --- |"
for pipeline in $PIPELINES; do
  for test in xadd xadd-capped xreadgroup xack; do
    r=$(awk -F, -v p="$pipeline" -v t="$test" '$1 == "redis" && $2 == p && $3 == t { print $4 }' "$results" | median)
    b=$(awk -F, -v p="$pipeline" -v t="$test" '$1 == "bundled" && $2 == p && $3 == t { print $4 }' "$results" | median)
    awk -v t="$test" -v p="$pipeline" -v r="$r" -v b="$b" \
      'BEGIN { printf "| %s | %s | %.0f | %.0f | %.2fx |\n", t, p, r, b, (r > 0 ? b / r : 0) }'
  done
  # One XREADGROUP plus one XACK per message: the rate of the pair is the harmonic combination.
  r=$(awk -F, -v p="$pipeline" '$1 == "redis" && $2 == p && ($3 == "xreadgroup" || $3 == "xack") { print $3 "," $4 }' "$results" \
    | awk -F, '{ s[$1] += $2; n[$1]++ } END { print 1 / (n["xreadgroup"] / s["xreadgroup"] + n["xack"] / s["xack"]) }')
  b=$(awk -F, -v p="$pipeline" '$1 == "bundled" && $2 == p && ($3 == "xreadgroup" || $3 == "xack") { print $3 "," $4 }' "$results" \
    | awk -F, '{ s[$1] += $2; n[$1]++ } END { print 1 / (n["xreadgroup"] / s["xreadgroup"] + n["xack"] / s["xack"]) }')
  awk -v p="$pipeline" -v r="$r" -v b="$b" \
    'BEGIN { printf "| xreadgroup+xack (pair, from the means) | %s | %.0f | %.0f | %.2fx |\n", p, r, b, (r > 0 ? b / r : 0) }'
done
