# shellcheck shell=bash
# Shared by the side-by-side scripts (compare-redis-benchmark.sh, compare-redis-streams.sh, compare-zset-benchmark.sh):
# starts a real redis-server and the bundled server on free ports, stops both and removes their work directory when
# the calling script exits, and holds the helpers their reports share. Source it from the repository root after
# setting JAVA_OPTS:
#
#   . bench/scripts/lib/servers.sh
#   require_tools redis-server redis-benchmark redis-cli java
#   start_servers
#
# require_tools TOOL...  exits with a hint when one of the tools is missing
# start_servers          builds the server jar if there is none, starts both servers, waits until both answer PING,
#                        and sets work, redis_port, bundled_port, redis_pid, bundled_pid and redis_version
# median                 the median of the numbers read, one per line
# heap_after_gc          bytes of the bundled server's live heap after a full GC (jcmd)

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing $tool (bash .ci/install-backends installs the servers)" >&2; exit 1; }
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

stop_servers() {
  kill "${redis_pid:-}" "${bundled_pid:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "${work:-}"
}

start_servers() {
  local jar=server/target/primkit-server.jar port
  if [ ! -f "$jar" ]; then
    ./mvnw -q -B -pl server -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true >&2
  fi
  work=$(mktemp -d)
  trap stop_servers EXIT
  redis_port=$(free_port)
  bundled_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no \
    --logfile "$work/redis.log" &
  redis_pid=$!
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$jar" --port "$bundled_port" > "$work/bundled.log" 2>&1 &
  bundled_pid=$!
  for port in "$redis_port" "$bundled_port"; do
    for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  redis_version=$(redis-cli -p "$redis_port" info server | awk -F: '/^redis_version/ {print $2}' | tr -d '\r')
  echo "# redis-server $redis_version on :$redis_port, bundled server on :$bundled_port" >&2
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

heap_after_gc() {
  jcmd "$bundled_pid" GC.run >/dev/null
  jcmd "$bundled_pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); total += v } } END { print total * 1024 }'
}
