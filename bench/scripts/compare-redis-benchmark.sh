#!/usr/bin/env bash
# Runs redis-benchmark against the bundled server and a real redis-server side by side, alternating which goes
# first, several rounds, and prints the median requests/s of each and their ratio (bundled / redis) as a Markdown
# table. Then measures memory for 1,000,000 small string keys on both (Redis: INFO used_memory; bundled: JVM heap
# after a full GC, plus RSS).
#
# Usage: bench/scripts/compare-redis-benchmark.sh [rounds] [requests]
#   env: TESTS (default ping,set,get,incr,lpush,rpop,sadd,hset), CLIENTS (50), PIPELINES ("1 16"),
#        MEMORY_KEYS (1000000; 0 skips the memory part), JAVA_OPTS (for the bundled server's JVM),
#        SCRIPTS (1; 0 skips the EVALSHA row: bench/scripts/token-bucket.lua, TIME + HMGET + HSET + PEXPIRE,
#        on 10,000 random keys, after SCRIPT LOAD on both servers)
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${1:-5}
REQUESTS=${2:-200000}
TESTS=${TESTS:-ping,set,get,incr,lpush,rpop,sadd,hset}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
MEMORY_KEYS=${MEMORY_KEYS:-1000000}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx4g -XX:+UseParallelGC"}

. bench/scripts/lib/servers.sh
require_tools redis-server redis-benchmark redis-cli java
start_servers
echo "# $ROUNDS rounds x $REQUESTS requests, -c $CLIENTS, tests $TESTS, java: $(java -version 2>&1 | head -1)" >&2

results="$work/results.csv"   # server,pipeline,test,rps
# A warm-up round for the JIT, not recorded.
redis-benchmark -p "$bundled_port" -t "$TESTS" -c "$CLIENTS" -n "$REQUESTS" -P 16 -q >/dev/null
for pipeline in $PIPELINES; do
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="redis bundled"; else order="bundled redis"; fi
    for server in $order; do
      port=$redis_port; [ "$server" = bundled ] && port=$bundled_port
      redis-cli -p "$port" flushall >/dev/null
      redis-benchmark -p "$port" -t "$TESTS" -c "$CLIENTS" -n "$REQUESTS" -P "$pipeline" --csv 2>/dev/null \
        | awk -F'","' -v s="$server" -v p="$pipeline" 'NR > 1 { gsub(/"/, "", $1); gsub(/"/, "", $2);
            print s "," p "," $1 "," $2 }' >> "$results"
    done
  done
done

if [ "${SCRIPTS:-1}" != 0 ]; then
  body=$(cat bench/scripts/token-bucket.lua)
  for port in "$redis_port" "$bundled_port"; do sha=$(redis-cli -p "$port" script load "$body"); done
  # Warm-up for the JIT, not recorded.
  redis-benchmark -p "$bundled_port" -c "$CLIENTS" -n "$REQUESTS" -r 10000 -P 16 -q \
    EVALSHA "$sha" 1 bucket:__rand_int__ 100 10 1 >/dev/null
  for pipeline in $PIPELINES; do
    for round in $(seq 1 "$ROUNDS"); do
      if [ $((round % 2)) = 1 ]; then order="redis bundled"; else order="bundled redis"; fi
      for server in $order; do
        port=$redis_port; [ "$server" = bundled ] && port=$bundled_port
        redis-cli -p "$port" flushall >/dev/null
        redis-benchmark -p "$port" -c "$CLIENTS" -n "$REQUESTS" -r 10000 -P "$pipeline" --csv \
            EVALSHA "$sha" 1 bucket:__rand_int__ 100 10 1 2>/dev/null \
          | awk -F'","' -v s="$server" -v p="$pipeline" 'NR > 1 { gsub(/"/, "", $2);
              print s "," p ",EVALSHA token-bucket," $2 }' >> "$results"
      done
    done
  done
fi

echo
echo "| test | -P | redis-server $redis_version req/s (median) | bundled req/s (median) | bundled / redis |"
echo "| --- | --- | --- | --- | --- |"
for pipeline in $PIPELINES; do
  awk -F, -v p="$pipeline" '$2 == p { print $3 }' "$results" | awk '!seen[$0]++' | while IFS= read -r test; do
    r=$(awk -F, -v p="$pipeline" -v t="$test" '$1 == "redis" && $2 == p && $3 == t { print $4 }' "$results" | median)
    b=$(awk -F, -v p="$pipeline" -v t="$test" '$1 == "bundled" && $2 == p && $3 == t { print $4 }' "$results" | median)
    awk -v t="$test" -v p="$pipeline" -v r="$r" -v b="$b" \
      'BEGIN { printf "| %s | %s | %.0f | %.0f | %.2fx |\n", t, p, r, b, (r > 0 ? b / r : 0) }'
  done
done

if [ "$MEMORY_KEYS" -gt 0 ]; then
  load() { # port: SET key:%010d to a 16-byte value, MEMORY_KEYS times, through redis-cli --pipe
    awk -v n="$MEMORY_KEYS" 'BEGIN { for (i = 0; i < n; i++) {
      k = sprintf("key:%010d", i); printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$16\r\nvalue-0123456789\r\n", length(k), k } }' \
      | redis-cli -p "$1" --pipe >/dev/null
  }
  rss() { awk '/VmRSS/ { print $2 * 1024 }' "/proc/$1/status"; }
  for port in "$redis_port" "$bundled_port"; do redis-cli -p "$port" flushall >/dev/null; done
  redis_before=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/ { print $2 }' | tr -d '\r')
  load "$redis_port"
  redis_after=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/ { print $2 }' | tr -d '\r')
  heap_before=$(heap_after_gc)
  load "$bundled_port"
  heap_after=$(heap_after_gc)
  keys_bundled=$(redis-cli -p "$bundled_port" dbsize)
  keys_redis=$(redis-cli -p "$redis_port" dbsize)
  echo
  echo "| $MEMORY_KEYS string keys (16-byte values) | redis-server | bundled | bundled / redis |"
  echo "| --- | --- | --- | --- |"
  awk -v rb="$redis_before" -v ra="$redis_after" -v hb="$heap_before" -v ha="$heap_after" -v n="$MEMORY_KEYS" \
      -v kr="$keys_redis" -v kb="$keys_bundled" -v rssb="$(rss "$bundled_pid")" -v rssr="$(rss "$redis_pid")" 'BEGIN {
    r = (ra - rb) / n; b = (ha - hb) / n
    printf "| keys stored | %d | %d | |\n", kr, kb
    printf "| bytes per key (used_memory delta / heap-after-GC delta) | %.1f | %.1f | %.2fx |\n", r, b, b / r
    printf "| process RSS after load | %.0f MB | %.0f MB | |\n", rssr / 1048576, rssb / 1048576 }'
fi
