#!/usr/bin/env bash
# Primkit's fenced lock against Redisson's RLock and RFencedLock on one fresh redis-server: acquire+release per
# second, p50/p99 and the longest wait, at 1/8/32 threads on random keys and on one hot key, competitors alternating
# round by round; server commands per acquire and per release (INFO commandstats). Prints raw CSV and a Markdown
# summary of medians.
#
# Usage: bench/scripts/lock-benchmark.sh [rounds] [seconds per cell] [threads]   (defaults 3, 3, 1,8,32)
#   env: JAVA_OPTS (default -Xms1g -Xmx2g), CONTENDERS (default all: primkit,redisson-rlock,redisson-fenced,primkit-plain;
#        opt-in: primkit-2c, Primkit with its threads split over two connections; primkit-nt, Primkit on a client
#        whose commands Lettuce does not time out (TimeoutOptions off: no timer entry per command, so Primkit bounds
#        each wait with a timer of its own); lettuce-2ping, not a
#        lock: two synchronous PINGs per operation on the same kind of connection, the floor of any 1+1 round-trip lock
#        on Lettuce; lettuce-scripts, lettuce-2return, lettuce-2return-noargs, Primkit's scripts (or scripts that only
#        return 1, with the same keys and arguments or none) straight through Lettuce's sync API; their cells are
#        in the CELL lines and the last table only); lettuce-bytes, the same scripts with every argument encoded to
#        bytes by the calling thread; primkit-nohq, Primkit on a client with Lettuce's hash-indexed command queue
#        off; KEYS (default random,hot; or one of them)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
SECONDS_PER_CELL=${2:-3}
THREADS=${3:-1,8,32}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx2g"}
for tool in redis-server redis-cli java; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
work=$(mktemp -d)
cp_file="$work/classpath"
# One reactor build, so the classpath points at this checkout's modules (bench is built last and writes last).
./mvnw -q -B -pl bench -am package dependency:build-classpath -Dmdep.outputFile="$cp_file" -DskipTests \
  -Dmaven.javadoc.skip=true -Dmaven.source.skip=true >&2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no \
  --logfile "$work/redis.log" &
redis_pid=$!
cleanup() { kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

# shellcheck disable=SC2086
java $JAVA_OPTS -cp "bench/target/classes:$(cat "$cp_file")" io.github.primkit.bench.LockBenchmark \
  "redis://127.0.0.1:$port" "$ROUNDS" "$SECONDS_PER_CELL" "$THREADS" "${CONTENDERS:-primkit,redisson-rlock,redisson-fenced,primkit-plain}" "${KEYS:-random,hot}" | tee "$work/out.csv"

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo
echo "| keys | threads | primkit ops/s | redisson RLock ops/s | redisson fenced ops/s | primkit / RLock | primkit on a plain Lettuce client ops/s (/ RLock) | p50 ms (primkit / RLock / fenced) | p99 ms (primkit / RLock / fenced) | longest wait ms (primkit / RLock / fenced) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for keys in random hot; do
  for threads in ${THREADS//,/ }; do
    row() { # competitor column -> median
      awk -F, -v k="$keys" -v t="$threads" -v c="$1" -v col="$2" '$1 == "CELL" && $3 == c && $4 == k && $5 == t { print $col }' "$work/out.csv" | median
    }
    p=$(row primkit 6); r=$(row redisson-rlock 6); f=$(row redisson-fenced 6); q=$(row primkit-plain 6)
    awk -v k="$keys" -v t="$threads" -v p="$p" -v r="$r" -v f="$f" -v q="$q" \
      -v p50="$(row primkit 7) / $(row redisson-rlock 7) / $(row redisson-fenced 7)" \
      -v p99="$(row primkit 8) / $(row redisson-rlock 8) / $(row redisson-fenced 8)" \
      -v mw="$(row primkit 9) / $(row redisson-rlock 9) / $(row redisson-fenced 9)" \
      'BEGIN { printf "| %s | %s | %.0f | %.0f | %.0f | %.2fx | %.0f (%.2fx) | %s | %s | %s |\n", k, t, p, r, f, (r > 0 ? p / r : 0), q, (r > 0 ? q / r : 0), p50, p99, mw }'
  done
done
echo
echo "| competitor | operation | server commands per operation | by command |"
echo "| --- | --- | --- | --- |"
awk -F, '$1 == "COMMANDS" { printf "| %s | %s | %s | %s |\n", $2, $3, $4, $5 }' "$work/out.csv"
echo
echo "Every contender (opt-in ones included): medians over the rounds; the ratio is taken per round against"
echo "redisson-rlock's cell of the same round, then its median (the range in brackets)."
echo
python3 - "$work/out.csv" <<'PY'
import csv, statistics, sys
cells = [r for r in csv.reader(open(sys.argv[1])) if r and r[0] == "CELL"]
rlock = {(r[1], r[3], r[4]): float(r[5]) for r in cells if r[2] == "redisson-rlock"}
groups = {}
for r in cells:
    groups.setdefault((r[3], int(r[4]), r[2]), []).append(r)
print("| keys | threads | contender | ops/s | / RLock per round: median [min-max] | p99 ms |")
print("| --- | --- | --- | --- | --- | --- |")
for (keys, threads, name), rows in sorted(groups.items(), key=lambda g: (g[0][0] != "random", g[0][1], g[0][2])):
    ratios = [float(r[5]) / rlock[(r[1], keys, str(threads))] for r in rows if (r[1], keys, str(threads)) in rlock]
    ratio = "%.2fx [%.2f-%.2f]" % (statistics.median(ratios), min(ratios), max(ratios)) if ratios else ""
    print("| %s | %d | %s | %.0f | %s | %.2f |" % (keys, threads, name, statistics.median(float(r[5]) for r in rows),
                                                  ratio, statistics.median(float(r[7]) for r in rows)))
PY
