#!/usr/bin/env bash
# Rate limiter decisions/s, p50/p99 and server commands per decision: Primkit vs Bucket4j (Lettuce backend) vs
# Redisson's RRateLimiter, on one fresh redis-server started here on a free port, in the same run.
# Usage: bench/scripts/ratelimit-bench.sh [seconds-per-run] [rounds] [threads] [scenarios] [contenders]
#   defaults: 3 3 1,8,32 hot,many primkit,primkit-cached,bucket4j,redisson
#   env: JAVA_OPTS for the benchmark JVM
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
work=$(mktemp -d)
# One reactor build, so the classpath points at this checkout's modules.
./mvnw -q -B -pl bench -am package dependency:build-classpath -Dmdep.outputFile="$cp_file" -DskipTests \
  -Dmaven.javadoc.skip=true -Dmaven.source.skip=true >&2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no \
  --logfile "$work/redis.log" &
redis_pid=$!
cleanup() { kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$work" "$cp_file"; }
trap cleanup EXIT
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "bench/target/classes:$(cat "$cp_file")" io.github.primkit.bench.RateLimiterBench \
  "redis://127.0.0.1:$port" "${1:-3}" "${2:-3}" "${3:-1,8,32}" "${4:-hot,many}" \
  "${5:-primkit,primkit-cached,bucket4j,redisson}"
