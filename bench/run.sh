#!/usr/bin/env bash
# Runs Stategrid's benchmarks against their peers on this machine and prints Markdown for BENCHMARKS.md.
#   bench/run.sh persistence    write-behind vs synchronous JDBC upserts, drain rate, outage catch-up
#   bench/run.sh sessions       session create/get (SDK) vs Redis SET/GET, revoke-all through the index
#   bench/run.sh documents      JSON patches and text ops through SDK and edge vs a JDBC transaction per patch
# Builds what it needs first. Not part of CI: runs take minutes and want a quiet machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAR=bench/target/stategrid-bench.jar
if [ ! -f "$JAR" ] || [ -n "$(find client-sdk loaders grid-node bench -name '*.java' -newer "$JAR" -print -quit)" ]; then
  mvn -B -q -DskipTests package
fi
JAVA_OPTS=${JAVA_OPTS:--Xmx4g -XX:+UseParallelGC -Dhazelcast.logging.type=slf4j -Dhazelcast.phone.home.enabled=false -Dlogback.configurationFile=bench/logback-bench.xml}
case "${1:-}" in
  persistence) exec java $JAVA_OPTS -cp "$JAR" io.stategrid.bench.PersistenceBench ;;
  sessions)
    command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server redis-tools; }
    exec java $JAVA_OPTS -cp "$JAR" io.stategrid.bench.SessionBench ;;
  documents)
    command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
    exec java $JAVA_OPTS -cp "$JAR" io.stategrid.bench.DocumentBench ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
