#!/usr/bin/env bash
# Runs Stategrid's benchmarks against their peers on this machine and prints Markdown for BENCHMARKS.md.
#   bench/run.sh persistence    write-behind vs synchronous JDBC upserts, drain rate, outage catch-up
#   bench/run.sh sessions       session create/get (SDK) vs Redis SET/GET, revoke-all through the index
#   bench/run.sh documents      JSON patches and text ops through SDK and edge vs a JDBC transaction per patch
#   bench/run.sh caches         cache reads: SDK near cache and remote, edge GET vs Redis GET and a bare Vert.x server
#   bench/run.sh cache-tags     invalidating a tag's 1,000 entries among 10k/100k/1M: the tag index vs a key-pattern scan
#   bench/run.sh feed           document change feed: ack and delivery latency on 1 and 2 members (who publishes)
#   bench/run.sh realtime       /v1/ws: 1 writer + 10/50 subscribers vs ShareDB (npm sharedb + ws) on loopback
#   bench/run.sh coordination   locks vs FencedLock and Redisson RLock; counters and rate limits vs Redis INCR
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
  coordination)
    command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server redis-tools; }
    exec java $JAVA_OPTS -cp "$JAR" io.stategrid.bench.CoordinationBench ;;
  caches)
    command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server redis-tools; }
    command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
    exec java $JAVA_OPTS -cp "$JAR" io.stategrid.bench.CacheBench ;;
  feed) exec java $JAVA_OPTS -cp "$JAR" io.stategrid.bench.FeedLatencyBench ;;
  cache-tags) exec java $JAVA_OPTS -cp "$JAR" io.stategrid.bench.TagInvalidationBench ;;
  documents)
    command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
    exec java $JAVA_OPTS -cp "$JAR" io.stategrid.bench.DocumentBench ;;
  realtime)
    command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
    (cd bench/realtime && npm install --no-audit --no-fund --silent)
    work=$(mktemp -d); secret=$(head -c 32 /dev/urandom | base64 | tr -d '/+=' | head -c 43)
    edge=18181; peer=18182
    STATEGRID_JWT_SECRET=$secret STATEGRID_NODE_MODE=prod STATEGRID_DOCUMENTS_MAX_DOCUMENT_BYTES=67108864 \
      STATEGRID_REALTIME_MAX_SOCKETS_PER_SUBJECT=1000 \
      java -jar grid-node/target/stategrid-node.jar run --port $edge --cluster-port 18701 --members 127.0.0.1:18701 \
      --set node.dataDir="$work" --set pg.embeddedDir="$work/pg" > "$work/node.log" 2>&1 &
    node_pid=$!
    node bench/realtime/sharedb-server.js $peer > "$work/sharedb.log" 2>&1 &
    peer_pid=$!
    trap 'kill $node_pid $peer_pid 2>/dev/null; wait $node_pid 2>/dev/null || true' EXIT
    until curl -fs "http://127.0.0.1:$edge/health/ready" >/dev/null; do sleep 0.5; kill -0 $node_pid || { tail "$work/node.log"; exit 1; }; done
    token=$(STATEGRID_JWT_SECRET=$secret java -jar grid-node/target/stategrid-node.jar token --sub bench --roles admin --ttl 3600)
    # A 30 s untimed run each first: the node's JIT compilers took 4.7 s of CPU in each of the first two 5 s
    # runs after start and settled only after ~20 s of load (1.4k, 2.2k, 3.3k, then 3.8-4.2k ops/s).
    node bench/realtime/load.js stategrid "ws://127.0.0.1:$edge/v1/ws" 10 30 "$token" >/dev/null
    node bench/realtime/load.js sharedb "ws://127.0.0.1:$peer" 10 30 >/dev/null
    for n in 10 50; do
      for run in 1 2 3; do
        node bench/realtime/load.js stategrid "ws://127.0.0.1:$edge/v1/ws" $n 5 "$token"
        node bench/realtime/load.js sharedb "ws://127.0.0.1:$peer" $n 5
      done
    done | tee "$work/results.jsonl" >&2
    echo "## Realtime: 1 writer, N subscribers, one text document (vs ShareDB)"; echo
    node bench/realtime/report.js < "$work/results.jsonl"
    exit 0
    ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
