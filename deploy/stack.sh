#!/bin/sh
# The production shape on one machine, for testing (`make stack`, `make stack-stop`):
# nginx in front of two gunicorn nodes (a, b) with their own data dirs (own search
# index) and one shared media volume, PostgreSQL (a database of its own, made here),
# Redis (its own server), a Huey worker per node (no periodic tasks) and one scheduler.
#
#   deploy/stack.sh start | stop | status | stop-node a|b | kill-node a|b | start-node a|b
#   deploy/stack.sh flask ARGS | python ARGS   (with node a's environment)
#
# Everything lives under $STACK_DIR (default instance/stack): data, logs/, pids/.
# Ports: nginx $STACK_PORT (18500), node a +1, node b +2, Redis +3.
# STACK_COURSES: course folders to import (default courses/content);
# STACK_PG: the PostgreSQL server (postgresql+psycopg://127.0.0.1:5432), STACK_DB: lms_stack;
# STACK_WEB_WORKERS / STACK_WEB_THREADS: gunicorn per node (2 / 4).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$ROOT/.venv/bin
RUN=$(mkdir -p "${STACK_DIR:-instance/stack}" && cd "${STACK_DIR:-instance/stack}" && pwd)
PORT=${STACK_PORT:-18500}
PG=${STACK_PG:-postgresql+psycopg://127.0.0.1:5432}
DB=${STACK_DB:-lms_stack}
REDIS_PORT=$((PORT + 3))

node_port() { [ "$1" = a ] && echo $((PORT + 1)) || echo $((PORT + 2)); }

common_env() {
  export LMS_DATABASE_URL="$PG/$DB"
  export LMS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export LMS_SECRET_KEY="$(cat "$RUN/shared/secret_key")"
  export LMS_PUBLIC_URL="http://127.0.0.1:$PORT"
  export LMS_MEDIA_X_ACCEL=1 LMS_GZIP=0 LMS_PROXY_HOPS=1 LMS_LOG_FORMAT=json
  export LMS_SEARCH_SYNC_S=${LMS_SEARCH_SYNC_S:-5}
}

node_env() {  # the environment of node $1's processes
  common_env
  export LMS_DATA_DIR="$RUN/node-$1" PROMETHEUS_MULTIPROC_DIR="$RUN/metrics-$1"
}

alive() { [ -f "$RUN/pids/$1.pid" ] && kill -0 "$(cat "$RUN/pids/$1.pid")" 2>/dev/null; }

# Start a long-running process in its own session; its pid (= process group) is kept.
spawn() {
  name=$1; shift
  setsid "$@" >>"$RUN/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/pids/$name.pid"
}

# Signal what we started, by its kept pid (the process group: TERM, or $2).
signal() {
  [ -f "$RUN/pids/$1.pid" ] || return 0
  pid=$(cat "$RUN/pids/$1.pid")
  kill "-${2:-TERM}" -- "-$pid" 2>/dev/null || kill "-${2:-TERM}" "$pid" 2>/dev/null || true
}

# Stop the named processes together, waiting up to 40 s for each to be gone.
halt() {
  sig=TERM; [ "${1:-}" = "-KILL" ] && { sig=KILL; shift; }
  for name in "$@"; do signal "$name" "$sig"; done
  for name in "$@"; do
    [ -f "$RUN/pids/$name.pid" ] || continue
    pid=$(cat "$RUN/pids/$name.pid")
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    rm -f "$RUN/pids/$name.pid"
  done
}

wait_http() {  # url, seconds
  for _ in $(seq 1 $(($2 * 4))); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.25
  done
  echo "stack: $1 did not answer in $2 s (see $RUN/logs/)" >&2
  return 1
}

layout() {
  mkdir -p "$RUN/logs" "$RUN/pids" "$RUN/nginx"
  for d in media media-sources uploads imports; do mkdir -p "$RUN/shared/$d"; done
  [ -f "$RUN/shared/secret_key" ] || "$BIN/python" -c \
    "import secrets; print(secrets.token_hex(32))" > "$RUN/shared/secret_key"
  [ -f "$RUN/shared/badge_ed25519.pem" ] || "$BIN/python" -c "
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey as K
open('$RUN/shared/badge_ed25519.pem', 'wb').write(K.generate().private_bytes(
    s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))"
  for n in a b; do
    mkdir -p "$RUN/node-$n"
    for d in media media-sources uploads imports badge_ed25519.pem; do
      ln -sfn "$RUN/shared/$d" "$RUN/node-$n/$d"
    done
  done
}

database() {
  server=$(echo "$PG" | sed 's/+psycopg//')
  psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
    -c "CREATE DATABASE $DB" >/dev/null
  (
    node_env a
    "$BIN/flask" --app lms db upgrade >>"$RUN/logs/setup.log" 2>&1
    "$BIN/flask" --app lms lms demo >>"$RUN/logs/setup.log" 2>&1
    cp "$RUN/node-a/demo-accounts.txt" "$RUN/demo-accounts.txt"
    # shellcheck disable=SC2086
    "$BIN/flask" --app lms courses import ${STACK_COURSES:-courses/content} \
      >>"$RUN/logs/setup.log" 2>&1
  )
}

redis() {
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --daemonize yes --pidfile "$RUN/pids/redis.pid" --logfile "$RUN/logs/redis.log" \
    --dir "$RUN"
  for _ in $(seq 1 20); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "stack: redis did not start" >&2; return 1
}

spawn_web() {
  (
    node_env "$1"
    export LMS_BIND="127.0.0.1:$(node_port "$1")"
    export LMS_WEB_WORKERS=${STACK_WEB_WORKERS:-2} LMS_WEB_THREADS=${STACK_WEB_THREADS:-4}
    export LMS_ACCESS_LOG="$RUN/logs/web-$1.access.log" LMS_ERROR_LOG="$RUN/logs/web-$1.error.log"
    spawn "web-$1" "$BIN/gunicorn" -c deploy/gunicorn.conf.py --no-control-socket
  )
}

# The node's job worker starts once gunicorn is up (gunicorn empties the metrics folder).
spawn_worker() {
  wait_http "http://127.0.0.1:$(node_port "$1")/healthz" 90
  ( node_env "$1"; spawn "worker-$1" "$BIN/huey_consumer" lms.tasks.huey -w 1 -n )
}

start_node() { spawn_web "$1"; spawn_worker "$1"; }

nginx_conf() {
  user=""; [ "$(id -u)" = 0 ] && user="user $(id -un);"
  cat > "$RUN/nginx/nginx.conf" <<CONF
$user
worker_processes 1;
daemon on;
pid $RUN/pids/nginx.pid;
error_log $RUN/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path $RUN/nginx/body;
    proxy_temp_path $RUN/nginx/proxy;
    fastcgi_temp_path $RUN/nginx/fastcgi;
    uwsgi_temp_path $RUN/nginx/uwsgi;
    scgi_temp_path $RUN/nginx/scgi;
    include $ROOT/deploy/nginx/lms-http.conf;
    access_log $RUN/logs/nginx-access.log lms_json;
    upstream lms_nodes {
        server 127.0.0.1:$(node_port a) max_fails=1 fail_timeout=5s;
        server 127.0.0.1:$(node_port b) max_fails=1 fail_timeout=5s;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$PORT;
        server_name localhost;
        set \$lms_media $RUN/shared/media;
        include $ROOT/deploy/nginx/lms-locations.conf;
    }
}
CONF
}

start() {
  stop >/dev/null 2>&1 || true
  layout
  redis
  database
  spawn_web a
  spawn_web b
  spawn_worker a
  spawn_worker b
  ( node_env a; unset PROMETHEUS_MULTIPROC_DIR; spawn scheduler "$BIN/huey_consumer" lms.tasks.huey -w 1 )
  nginx_conf
  nginx -c "$RUN/nginx/nginx.conf" -e "$RUN/logs/nginx-error.log"
  wait_http "http://127.0.0.1:$PORT/readyz" 30
  echo "stack: http://127.0.0.1:$PORT (nodes :$(node_port a) :$(node_port b), Redis :$REDIS_PORT, database $DB); accounts in $RUN/demo-accounts.txt"
}

stop() {
  [ -f "$RUN/pids/nginx.pid" ] && nginx -c "$RUN/nginx/nginx.conf" -e "$RUN/logs/nginx-error.log" -s quit 2>/dev/null || true
  for _ in $(seq 1 20); do alive nginx || break; sleep 0.25; done
  rm -f "$RUN/pids/nginx.pid"
  halt scheduler worker-a worker-b web-a web-b
  if alive redis; then kill "$(cat "$RUN/pids/redis.pid")"; fi
  rm -f "$RUN/pids/redis.pid"
  echo "stack: stopped"
}

status() {
  for name in nginx web-a web-b worker-a worker-b scheduler redis; do
    if alive "$name"; then echo "$name: up (pid $(cat "$RUN/pids/$name.pid"))"; else echo "$name: down"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  stop-node) halt "worker-$2" "web-$2" ;;
  kill-node) halt -KILL "web-$2" ;;
  start-node) halt "worker-$2"; start_node "$2" ;;
  flask) shift; node_env a; exec "$BIN/flask" --app lms "$@" ;;
  python) shift; node_env a; exec "$BIN/python" "$@" ;;
  *) echo "usage: $0 start|stop|status|stop-node N|kill-node N|start-node N|flask ARGS|python ARGS" >&2; exit 2 ;;
esac
