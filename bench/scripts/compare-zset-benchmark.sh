#!/usr/bin/env bash
# Sorted sets, side by side: the bundled server and a real redis-server each get the same 1,000,000-member sorted set
# (members member:%012d, pseudo-random scores from a fixed seed, loaded through redis-cli --pipe), and the memory that
# costs per member is measured (Redis: INFO used_memory delta; bundled: JVM heap after a full GC, delta). Then
# redis-benchmark runs, alternating which server goes first, several rounds:
#   ZADD bigzset __rand_int__ member:__rand_int__   (-r 1000000: updates members of the big set with random scores)
#   ZREVRANK bigzset member:__rand_int__
#   ZRANGE bigzset 0 9
#   GEOSEARCH geo FROMMEMBER member:__rand_int__ BYRADIUS 50 km ASC   (over 1,000,000 points spread uniformly
#     over the globe, loaded with GEOADD: about 15 points within 50 km of each)
# and prints the median requests/s of each and their ratio (bundled / redis) as a Markdown table.
#
# Usage: bench/scripts/compare-zset-benchmark.sh [rounds] [requests]
#   env: CLIENTS (50), PIPELINES ("1 16"), MEMBERS (1000000; also the number of geo points), GEO (1; 0 skips the
#        geo test), JAVA_OPTS (for the bundled server's JVM)
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${1:-5}
REQUESTS=${2:-200000}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
MEMBERS=${MEMBERS:-1000000}
GEO=${GEO:-1}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx4g -XX:+UseParallelGC"}

. bench/scripts/lib/servers.sh
require_tools redis-server redis-benchmark redis-cli java jcmd
start_servers
echo "# $ROUNDS rounds x $REQUESTS requests, -c $CLIENTS, $MEMBERS members, java: $(java -version 2>&1 | head -1)" >&2

# ---- Load and memory ---------------------------------------------------------------------------------------------
load() { # port: ZADD bigzset with 100 pairs per command, MEMBERS members, scores from a fixed seed
  awk -v n="$MEMBERS" 'BEGIN { srand(42); for (i = 0; i < n; i += 100) {
      m = (n - i < 100) ? n - i : 100
      printf "*%d\r\n$4\r\nZADD\r\n$7\r\nbigzset\r\n", 2 + 2 * m
      for (j = 0; j < m; j++) {
        s = sprintf("%d", int(rand() * 1000000000)); e = sprintf("member:%012d", i + j)
        printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(s), s, length(e), e } } }' \
    | redis-cli -p "$1" --pipe >/dev/null
}
used_memory() { redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/ { print $2 }' | tr -d '\r'; }
for port in "$redis_port" "$bundled_port"; do redis-cli -p "$port" flushall >/dev/null; done
redis_before=$(used_memory)
load "$redis_port"
redis_after=$(used_memory)
heap_before=$(heap_after_gc)
load "$bundled_port"
heap_after=$(heap_after_gc)
card_redis=$(redis-cli -p "$redis_port" zcard bigzset)
card_bundled=$(redis-cli -p "$bundled_port" zcard bigzset)
load_geo() { # port: GEOADD geo with 100 points per command, uniform over the sphere within Redis's latitude limits
  awk -v n="$MEMBERS" 'BEGIN { srand(7); pi = atan2(0, -1); for (i = 0; i < n; i += 100) {
      m = (n - i < 100) ? n - i : 100
      printf "*%d\r\n$6\r\nGEOADD\r\n$3\r\ngeo\r\n", 2 + 3 * m
      for (j = 0; j < m; j++) {
        do { lat = (180 / pi) * asin_(2 * rand() - 1) } while (lat > 85.05 || lat < -85.05)
        lon = sprintf("%.6f", rand() * 360 - 180); la = sprintf("%.6f", lat); e = sprintf("member:%012d", i + j)
        printf "$%d\r\n%s\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(lon), lon, length(la), la, length(e), e } } }
    function asin_(x) { return atan2(x, sqrt(1 - x * x)) }' \
    | redis-cli -p "$1" --pipe >/dev/null
}
if [ "$GEO" = 1 ]; then
  load_geo "$redis_port"
  load_geo "$bundled_port"
fi

# ---- Throughput --------------------------------------------------------------------------------------------------
results="$work/results.csv"   # server,pipeline,test,rps
bench() { # port pipeline name command...
  local port=$1 pipeline=$2 name=$3; shift 3
  redis-benchmark -p "$port" -c "$CLIENTS" -n "$REQUESTS" -P "$pipeline" -r "$MEMBERS" --csv "$@" 2>/dev/null \
    | awk -F'","' -v n="$name" 'NR > 1 { gsub(/"/, "", $2); print n "," $2 }'
}
run_all() { # port pipeline server
  bench "$1" "$2" "ZADD" ZADD bigzset __rand_int__ member:__rand_int__ | sed "s/^/$3,$2,/" >> "$results"
  bench "$1" "$2" "ZREVRANK" ZREVRANK bigzset member:__rand_int__ | sed "s/^/$3,$2,/" >> "$results"
  bench "$1" "$2" "ZRANGE 0 9" ZRANGE bigzset 0 9 | sed "s/^/$3,$2,/" >> "$results"
  if [ "$GEO" = 1 ]; then
    bench "$1" "$2" "GEOSEARCH" GEOSEARCH geo FROMMEMBER member:__rand_int__ BYRADIUS 50 km ASC \
      | sed "s/^/$3,$2,/" >> "$results"
  fi
}
# A warm-up round for the JIT, not recorded.
run_all "$bundled_port" 16 warmup
for pipeline in $PIPELINES; do
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="redis bundled"; else order="bundled redis"; fi
    for server in $order; do
      port=$redis_port; [ "$server" = bundled ] && port=$bundled_port
      run_all "$port" "$pipeline" "$server"
    done
  done
done

echo
echo "| test ($MEMBERS members / points) | -P | redis-server $redis_version req/s (median) | bundled req/s (median) | bundled / redis |"
echo "| --- | --- | --- | --- | --- |"
for pipeline in $PIPELINES; do
  for test in "ZADD" "ZREVRANK" "ZRANGE 0 9" "GEOSEARCH"; do
    [ "$test" = GEOSEARCH ] && [ "$GEO" != 1 ] && continue
    r=$(awk -F, -v p="$pipeline" -v t="$test" '$1 == "redis" && $2 == p && $3 == t { print $4 }' "$results" | median)
    b=$(awk -F, -v p="$pipeline" -v t="$test" '$1 == "bundled" && $2 == p && $3 == t { print $4 }' "$results" | median)
    awk -v t="$test" -v p="$pipeline" -v r="$r" -v b="$b" \
      'BEGIN { printf "| %s | %s | %.0f | %.0f | %.2fx |\n", t, p, r, b, (r > 0 ? b / r : 0) }'
  done
done

echo
echo "| sorted set of $MEMBERS members | redis-server | bundled | bundled / redis |"
echo "| --- | --- | --- | --- |"
awk -v rb="$redis_before" -v ra="$redis_after" -v hb="$heap_before" -v ha="$heap_after" -v n="$MEMBERS" \
    -v cr="$card_redis" -v cb="$card_bundled" 'BEGIN {
  r = (ra - rb) / n; b = (ha - hb) / n
  printf "| ZCARD after load | %d | %d | |\n", cr, cb
  printf "| bytes per member (used_memory delta / heap-after-GC delta) | %.1f | %.1f | %.2fx |\n", r, b, b / r }'
