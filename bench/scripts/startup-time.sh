#!/usr/bin/env bash
# Cold start-up of the embedded bundled server: each run is a fresh JVM, timed from PrimkitServer.start() to the
# first PONG. Usage: bench/scripts/startup-time.sh [runs]   (extra JVM options via JAVA_OPTS)
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
# One reactor build, so the classpath points at this checkout's modules (bench is built last and writes last).
./mvnw -q -B -pl bench -am package dependency:build-classpath -Dmdep.outputFile="$cp_file" -DskipTests \
  -Dmaven.javadoc.skip=true -Dmaven.source.skip=true >&2
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "bench/target/classes:$(cat "$cp_file")" io.github.primkit.bench.StartupTime "${1:-9}"
rm -f "$cp_file"
