#!/usr/bin/env bash
# Runs a multi-process Stategrid cluster on this machine's loopback interface.
#
#   scripts/cluster.sh up [N]   start one PostgreSQL and N node JVMs (default 3; 3+ get a 3-member CP group)
#   scripts/cluster.sh status   show processes and readiness
#   scripts/cluster.sh down     stop every node (SIGTERM, all at once), then PostgreSQL
#   scripts/cluster.sh token    print an admin token for the running cluster
#
# Logs, pids, the shared JWT secret and the PostgreSQL data live in $STATEGRID_CLUSTER_DIR (./data/cluster).
# Ports: members 5701.., edges 8081.., PostgreSQL 5433 (override with the variables below).
# STATEGRID_CLUSTER_KEEP_PG=1 makes 'down' stop the nodes only. Other STATEGRID_* variables reach the nodes.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${STATEGRID_JAR:-$ROOT/grid-node/target/stategrid-node.jar}
DIR=${STATEGRID_CLUSTER_DIR:-$ROOT/data/cluster}
MEMBER_PORT=${STATEGRID_CLUSTER_MEMBER_PORT:-5701}
EDGE_PORT=${STATEGRID_CLUSTER_EDGE_PORT:-8081}
PG_PORT=${STATEGRID_CLUSTER_PG_PORT:-5433}
JAVA=${JAVA:-java}
JAVA_OPTS=${STATEGRID_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC}

cd "$ROOT"   # nodes read ./config/stategrid.yaml

die() { echo "cluster.sh: $*" >&2; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for_log() { # file pattern seconds pidfile
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    alive "$4" || { tail -20 "$1" >&2; die "process of $1 exited during start"; }
    [ $SECONDS -lt $deadline ] || { tail -20 "$1" >&2; die "timed out waiting for '$2' in $1"; }
    sleep 0.2
  done
}

ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/health/ready" 2>/dev/null; }

node_count() { ls "$DIR"/node-*.pid 2>/dev/null | wc -l; }

up() {
  local n=${1:-3}
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "up takes a node count from 1 to 99, got '$n'"
  [ -f "$JAR" ] || die "no $JAR: build it first with 'mvn -B -DskipTests package'"
  command -v curl >/dev/null || die "curl is needed to wait for readiness"
  mkdir -p "$DIR"
  [ "$(node_count)" -eq 0 ] || die "a cluster is already up in $DIR (scripts/cluster.sh down first)"
  [ -s "$DIR/jwt.secret" ] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "$DIR/jwt.secret"
  export STATEGRID_JWT_SECRET; STATEGRID_JWT_SECRET=$(cat "$DIR/jwt.secret")

  if ! alive "$DIR/postgres.pid"; then
    echo "starting PostgreSQL on 127.0.0.1:$PG_PORT (data in $DIR/postgres)"
    # shellcheck disable=SC2086
    nohup "$JAVA" $JAVA_OPTS -jar "$JAR" postgres --data-dir "$DIR/postgres" --port "$PG_PORT" \
      > "$DIR/postgres.log" 2>&1 &
    echo $! > "$DIR/postgres.pid"
    wait_for_log "$DIR/postgres.log" "PostgreSQL is running" 90 "$DIR/postgres.pid"
  fi

  local cp=0 members="" i
  [ "$n" -ge 3 ] && cp=3
  for i in $(seq 0 $((n - 1))); do members+="${members:+,}127.0.0.1:$((MEMBER_PORT + i))"; done
  for i in $(seq 1 "$n"); do
    echo "starting node $i: member 127.0.0.1:$((MEMBER_PORT + i - 1)), edge http://127.0.0.1:$((EDGE_PORT + i - 1))"
    # The pid file must hold java's own pid: '&' applies to this one command only.
    # shellcheck disable=SC2086
    STATEGRID_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" STATEGRID_NODE_MODE=prod \
      nohup "$JAVA" $JAVA_OPTS -jar "$JAR" run --cluster-port $((MEMBER_PORT + i - 1)) \
      --port $((EDGE_PORT + i - 1)) --members "$members" --cp-members "$cp" \
      --set node.dataDir="$DIR/node-$i" > "$DIR/node-$i.log" 2>&1 &
    echo $! > "$DIR/node-$i.pid"
  done
  local deadline=$((SECONDS + 180))
  for i in $(seq 1 "$n"); do
    until ready $((EDGE_PORT + i - 1)); do
      alive "$DIR/node-$i.pid" || { tail -30 "$DIR/node-$i.log" >&2; die "node $i exited during start"; }
      [ $SECONDS -lt $deadline ] || { tail -30 "$DIR/node-$i.log" >&2; die "node $i not ready in time"; }
      sleep 0.5
    done
  done
  echo "cluster of $n node(s) is ready (CP members: $cp). Admin token:"
  echo "  export TOKEN=$(token_value)"
  echo "  curl -H \"Authorization: Bearer \$TOKEN\" http://127.0.0.1:$EDGE_PORT/v1/whoami"
}

token_value() {
  STATEGRID_JWT_SECRET=$(cat "$DIR/jwt.secret") "$JAVA" -jar "$JAR" token --sub admin --roles admin --ttl 86400 2>/dev/null
}

status() {
  local f i port state
  for f in "$DIR"/postgres.pid "$DIR"/node-*.pid; do
    [ -f "$f" ] || continue
    state=stopped; alive "$f" && state="running (pid $(cat "$f"))"
    case "$f" in
      *node-*) i=${f##*node-}; i=${i%.pid}; port=$((EDGE_PORT + i - 1))
               ready "$port" && state="$state, ready at http://127.0.0.1:$port" || state="$state, not ready";;
    esac
    echo "$(basename "$f" .pid): $state"
  done
}

down() {
  local f pids=() start=$SECONDS
  for f in "$DIR"/node-*.pid; do [ -f "$f" ] && alive "$f" && pids+=("$(cat "$f")"); done
  if [ ${#pids[@]} -gt 0 ]; then
    echo "stopping ${#pids[@]} node(s) gracefully (SIGTERM)..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    local deadline=$((SECONDS + 90)) p left
    while :; do
      left=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=$((left + 1)); done
      [ $left -eq 0 ] && break
      if [ $SECONDS -ge $deadline ]; then
        echo "cluster.sh: $left node(s) still running after 90 s; killing them" >&2
        kill -KILL "${pids[@]}" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
    echo "nodes stopped in $((SECONDS - start)) s"
  fi
  rm -f "$DIR"/node-*.pid
  if [ "${STATEGRID_CLUSTER_KEEP_PG:-0}" = 1 ]; then
    echo "PostgreSQL left running (STATEGRID_CLUSTER_KEEP_PG=1)"
    return
  fi
  if alive "$DIR/postgres.pid"; then
    kill -TERM "$(cat "$DIR/postgres.pid")"
    local pg; pg=$(cat "$DIR/postgres.pid")
    while kill -0 "$pg" 2>/dev/null; do sleep 0.2; done
    echo "PostgreSQL stopped"
  fi
  rm -f "$DIR/postgres.pid"
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  down) down ;;
  status) status ;;
  token) echo "$(token_value)" ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
