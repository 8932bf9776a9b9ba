#!/usr/bin/env bash
# User-space instructions per proxied request of the lb role, tracing on and off: a figure that
# does not depend on the machine's load (the wall-clock benchmark is bench_lb.sh beside this).
# Starts the same backends as bench_lb.sh (two web + app pairs, tracing off), then one lb at a
# time under `valgrind --tool=callgrind`; after start-up and a short warm-up its counters are
# zeroed, `wrk -t1 -c10` runs, and the instructions counted since (Ir) are divided by the
# requests wrk completed. Also prints the event bytes and lines the tracing lb wrote per request.
#
#   tests/benchmarks/lb/callgrind_lb.sh [BIN_DIR]
# Environment: DURATION (s of wrk under valgrind, default 10), TRACING ("on off", default both;
#   "haproxy" in the list measures HAProxy 2.6, one thread, behind the same backends, the same
#   way: the figure to compare with, as `perf stat -e instructions` is not available in a VM),
#   NODE (an infrastage-node to measure instead of BIN_DIR's: an older build, same backends),
#   KEEP=1: keep the callgrind files (callgrind_annotate them) in the printed directory.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/../../.." && pwd)
BIN=${1:-${INFRASTAGE_BIN_DIR:-$SRC/build/ci/bin}}
BACKEND_NODE=$BIN/infrastage-node
NODE=${NODE:-$BACKEND_NODE}
DURATION=${DURATION:-10}
TRACING=${TRACING:-on off}

for tool in valgrind callgrind_control wrk curl; do
    command -v $tool >/dev/null || { echo "$tool is missing: apt-get install -y valgrind wrk" >&2; exit 2; }
done
[ -x "$NODE" ] || { echo "no $NODE (build infrastage-node first)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/callgrind-lb.XXXXXX)
mkfifo "$WORK/hold"
exec 9<>"$WORK/hold" # the nodes' stdin: they stop when it closes
PIDS=()
cleanup() {
    exec 9>&-
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ "${KEEP:-0}" = 1 ]; then echo "# kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# start ID ROLE CONFIG [wrapper...]: waits for the ready line (a minute: valgrind is slow to start)
start() {
    local id=$1 role=$2 config=$3
    shift 3
    echo "$config" >"$WORK/$id.json"
    "$@" "$NODE_RUN" "$role" --config "$WORK/$id.json" <"$WORK/hold" >"$WORK/$id.events" 2>"$WORK/$id.log" &
    PIDS+=($!)
    echo "$!" >"$WORK/$id.pid"
    for _ in $(seq 1 600); do
        if grep -q '"kind":"ready"' "$WORK/$id.events" 2>/dev/null; then
            grep -m1 '"kind":"ready"' "$WORK/$id.events" | sed 's/.*"port":\([0-9]*\).*/\1/' >"$WORK/$id.port"
            return 0
        fi
        sleep 0.1
    done
    echo "$id did not start: $(cat "$WORK/$id.log")" >&2
    exit 1
}
port_of() { cat "$WORK/$1.port"; }

listen='"listen":{"address":"127.0.0.1","port":0}'
NODE_RUN=$BACKEND_NODE
for i in 1 2; do
    start app-$i app "{\"node\":\"app-$i\",$listen,\"served_by\":\"server-$i\",\"tracing\":false}"
    start web-$i web "{\"node\":\"web-$i\",$listen,\"served_by\":\"server-$i\",\"tracing\":false,\"root\":\"$SRC/resources/site\",\"upstreams\":[{\"id\":\"app-$i\",\"address\":\"127.0.0.1\",\"port\":$(port_of app-$i)}]}"
done
servers="[{\"id\":\"web-1\",\"host\":\"server-1\",\"address\":\"127.0.0.1\",\"port\":$(port_of web-1)},{\"id\":\"web-2\",\"host\":\"server-2\",\"address\":\"127.0.0.1\",\"port\":$(port_of web-2)}]"

echo "# $(date -u +%FT%TZ) $NODE; wrk -t1 -c10 -d${DURATION}s under callgrind; load average $(cut -d' ' -f1-3 /proc/loadavg)"
NODE_RUN=$NODE
# HAProxy under callgrind with the configuration of bench_lb.sh; ready when it answers.
start_haproxy() {
    local id=$1 port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    . "$SRC/tests/benchmarks/lb/haproxy_config.sh"
    haproxy_config 1 "$port" "$(port_of web-1)" "$(port_of web-2)" >"$WORK/haproxy.cfg"
    valgrind --tool=callgrind --callgrind-out-file="$WORK/$id.cg.%p" --dump-line=no \
        haproxy -f "$WORK/haproxy.cfg" -db <"$WORK/hold" >"$WORK/$id.events" 2>"$WORK/$id.log" &
    PIDS+=($!)
    echo "$!" >"$WORK/$id.pid"
    echo "$port" >"$WORK/$id.port"
    for _ in $(seq 1 600); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/" && return 0
        sleep 0.1
    done
    echo "$id did not start: $(cat "$WORK/$id.log")" >&2
    exit 1
}

for tracing in $TRACING; do
    if [ "$tracing" = haproxy ]; then
        id=haproxy
        start_haproxy $id
    else
        id=lb-$tracing
        flag=$([ "$tracing" = on ] && echo true || echo false)
        start $id lb "{\"node\":\"$id\",$listen,\"mode\":\"http\",\"algorithm\":\"roundrobin\",\"servers\":$servers,\"check\":{\"path\":\"/health\",\"inter\":2000,\"fall\":3,\"rise\":2},\"retries\":3,\"redispatch\":true,\"tracing\":$flag}" \
            valgrind --tool=callgrind --callgrind-out-file="$WORK/$id.cg.%p" --dump-line=no
    fi
    pid=$(cat "$WORK/$id.pid")
    url="http://127.0.0.1:$(port_of $id)/"
    wrk -t1 -c10 -d2s "$url" >/dev/null # warm-up: connections, pools, buffers
    sleep 0.5
    callgrind_control -z "$pid" >/dev/null 2>&1
    bytes0=$(stat -c %s "$WORK/$id.events"); lines0=$(wc -l <"$WORK/$id.events")
    out=$(wrk -t1 -c10 -d"${DURATION}s" "$url")
    sleep 0.5 # events flushed within 5 ms of the last request
    callgrind_control -d "$pid" >/dev/null 2>&1
    bytes1=$(stat -c %s "$WORK/$id.events"); lines1=$(wc -l <"$WORK/$id.events")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    dump=$(ls -t "$WORK/$id".cg.* | grep -v '\.cg\.[0-9]*$' | head -1 || true)
    [ -n "$dump" ] || dump=$(ls -t "$WORK/$id".cg.* | head -1)
    ir=$(awk '/^summary:/ {print $2}' "$dump")
    awk -v ir="$ir" -v r="$requests" -v b=$((bytes1 - bytes0)) -v l=$((lines1 - lines0)) -v id="$id" \
        'BEGIN {printf "%-7s %8d requests  %7.1fk instructions per request  %6.1f event bytes, %4.2f lines per request\n",
                id, r, ir / r / 1000, b / r, l / r}'
    kill "$pid"
done
