#!/usr/bin/env bash
# LB benchmark: wrk against Infrastage's lb role and against HAProxy 2.6, side by side in the
# same run, both in front of the same two Infrastage web backends (web + app pairs) on this
# machine. Prints requests/s, p99 and CPU per request per target (and, per request, the four
# backends' CPU behind it, the event reader's and the whole machine's), the ratios to HAProxy,
# and the RSS of every role process. Not a test: figures go to docs/benchmarks.md.
#
#   tests/benchmarks/lb/bench_lb.sh [BIN_DIR] 
# Environment: DURATION (s, default 10), CONNECTIONS (default 50), ROUNDS (default 2),
#   PATH_UNDER_TEST (default /), HAPROXY_THREADS (default 1: one thread, like our lb),
#   PAIRED_ROUNDS (default 2): rounds where lb-tracing and lb-quiet are loaded at the same time
#   (two wrk, CONNECTIONS/2 each), so both meet the same competition for the CPU; the fairer
#   measure of what tracing costs on a shared machine; printed per round, then pooled over the
#   rounds with their median.
#   COMPARE_QT_LOOP=1: also lb-qtloop, tracing on with Qt's own event dispatcher
#   (INFRASTAGE_DISPATCHER=qt) instead of the epoll one, in the same rounds.
#   COMPARE_NODE=/path/to/infrastage-node: also lb-compare, tracing on, run by another build
#   (before/after a change, in the same rounds, and PAIRED_ROUNDS more loaded at the same time
#   as lb-tracing).
#   EVENTS=pipe (default): the tracing lbs write their events into a pipe that a reader empties,
#   as under `infrastage-cli up` (the orchestrator reads every node's stdout from a pipe).
#   EVENTS=file: into a file, as the figures before 2026-12-02 06:40 UTC were taken; a growing
#   file costs the writer page-cache allocation (pages zeroed, blocks allocated) that a pipe
#   does not (about 0.8 us per request in a perf profile of 2026-12-02).
set -euo pipefail

SRC=$(cd "$(dirname "$0")/../../.." && pwd)
BIN=${1:-${INFRASTAGE_BIN_DIR:-$SRC/build/ci/bin}}
NODE=$BIN/infrastage-node
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-50}
ROUNDS=${ROUNDS:-2}
TARGET_PATH=${PATH_UNDER_TEST:-/}
HAPROXY_THREADS=${HAPROXY_THREADS:-1}
PAIRED_ROUNDS=${PAIRED_ROUNDS:-2}
COMPARE_QT_LOOP=${COMPARE_QT_LOOP:-0}
COMPARE_NODE=${COMPARE_NODE:-}
EVENTS=${EVENTS:-pipe}

[ -x "$NODE" ] || { echo "no $NODE (build infrastage-node first)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
if ! command -v haproxy >/dev/null; then
    echo "installing haproxy (Debian package) for the comparison" >&2
    apt-get install -y haproxy >/dev/null
fi

WORK=$(mktemp -d /tmp/bench-lb.XXXXXX)
mkfifo "$WORK/hold"
exec 9<>"$WORK/hold" # the nodes' stdin: they stop when it closes
PIDS=()
cleanup() {
    exec 9>&-
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The reader of a pipe of events, as the orchestrator is: keeps what comes until the ready line
# in FILE, then becomes `cat` into /dev/null (its bytes read are in /proc/PID/io). A reader in
# Python cost about 175 us per 32 KiB batch with a fresh buffer per read, 67 us with one buffer:
# more than the lb spends on the requests in the batch, which the orchestrator (C++) does not pay.
read_events() {
    exec python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
out = open(sys.argv[2], "wb", buffering=0)
while True:
    b = os.read(fd, 1 << 16)
    out.write(b)
    if not b or b"\"kind\":\"ready\"" in b:
        break
os.dup2(fd, 0)
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
os.execvp("cat", ["cat"])
' "$1" "$2"
}

# start_node ROLE ID CONFIG_JSON [pipe]: the port from the ready line goes to $WORK/ID.port. Not
# run in $(...): a node dies with its parent process (PR_SET_PDEATHSIG), and that would be the
# subshell. "pipe": events go through a pipe to read_events when EVENTS=pipe.
start_node() {
    local role=$1 id=$2 config=$3 out="$WORK/$2.events"
    echo "$config" > "$WORK/$id.json"
    if [ "${4:-}" = pipe ] && [ "$EVENTS" = pipe ]; then
        mkfifo "$WORK/$id.pipe"
        read_events "$WORK/$id.pipe" "$WORK/$id.events" &
        PIDS+=($!)
        echo "$!" > "$WORK/$id.reader.pid"
        out="$WORK/$id.pipe"
    fi
    "$NODE" "$role" --config "$WORK/$id.json" <"$WORK/hold" >"$out" 2>"$WORK/$id.log" &
    PIDS+=($!)
    echo "$!" > "$WORK/$id.pid"
    for _ in $(seq 1 100); do
        if grep -q '"kind":"ready"' "$WORK/$id.events" 2>/dev/null; then
            grep -m1 '"kind":"ready"' "$WORK/$id.events" | sed 's/.*"port":\([0-9]*\).*/\1/' >"$WORK/$id.port"
            return 0
        fi
        sleep 0.05
    done
    echo "$id did not start: $(cat "$WORK/$id.log")" >&2
    exit 1
}

listen='"listen":{"address":"127.0.0.1","port":0}'
port_of() { cat "$WORK/$1.port"; }
start_node app app-1 "{\"node\":\"app-1\",$listen,\"served_by\":\"server-1\",\"tracing\":false}"
start_node app app-2 "{\"node\":\"app-2\",$listen,\"served_by\":\"server-2\",\"tracing\":false}"
APP1=$(port_of app-1); APP2=$(port_of app-2)
start_node web web-1 "{\"node\":\"web-1\",$listen,\"served_by\":\"server-1\",\"tracing\":false,\"root\":\"$SRC/resources/site\",\"upstreams\":[{\"id\":\"app-1\",\"address\":\"127.0.0.1\",\"port\":$APP1}]}"
start_node web web-2 "{\"node\":\"web-2\",$listen,\"served_by\":\"server-2\",\"tracing\":false,\"root\":\"$SRC/resources/site\",\"upstreams\":[{\"id\":\"app-2\",\"address\":\"127.0.0.1\",\"port\":$APP2}]}"
WEB1=$(port_of web-1); WEB2=$(port_of web-2)

servers="[{\"id\":\"web-1\",\"host\":\"server-1\",\"address\":\"127.0.0.1\",\"port\":$WEB1},{\"id\":\"web-2\",\"host\":\"server-2\",\"address\":\"127.0.0.1\",\"port\":$WEB2}]"
lbconf() { echo "{\"node\":\"$1\",$listen,\"mode\":\"http\",\"algorithm\":\"roundrobin\",\"servers\":$servers,\"check\":{\"path\":\"/health\",\"inter\":2000,\"fall\":3,\"rise\":2},\"retries\":3,\"redispatch\":true,\"tracing\":$2}"; }
start_node lb lb-tracing "$(lbconf lb-tracing true)" pipe
start_node lb lb-quiet "$(lbconf lb-quiet false)"
LB_ON=$(port_of lb-tracing); LB_OFF=$(port_of lb-quiet)
TARGETS="haproxy infrastage-tracing infrastage-quiet"
PORTS="$LB_ON $LB_OFF"
if [ "$COMPARE_QT_LOOP" = 1 ]; then
    export INFRASTAGE_DISPATCHER=qt
    start_node lb lb-qtloop "$(lbconf lb-qtloop true)" pipe
    unset INFRASTAGE_DISPATCHER
    LB_QT=$(port_of lb-qtloop)
    TARGETS="$TARGETS infrastage-qtloop"
    PORTS="$PORTS $LB_QT"
fi
if [ -n "$COMPARE_NODE" ]; then
    MAIN_NODE=$NODE
    NODE=$COMPARE_NODE
    start_node lb lb-compare "$(lbconf lb-compare true)" pipe
    NODE=$MAIN_NODE
    LB_CMP=$(port_of lb-compare)
    TARGETS="$TARGETS infrastage-compare"
    PORTS="$PORTS $LB_CMP"
fi

HAP=$(free_port)
. "$SRC/tests/benchmarks/lb/haproxy_config.sh"
haproxy_config "$HAPROXY_THREADS" "$HAP" "$WEB1" "$WEB2" >"$WORK/haproxy.cfg"
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)
echo "$!" > "$WORK/haproxy.pid"
sleep 0.5

for port in $HAP $PORTS; do
    ok=0
    for _ in $(seq 1 50); do # a loaded machine may take a moment
        if curl -sf -o /dev/null "http://127.0.0.1:$port$TARGET_PATH"; then ok=1; break; fi
        sleep 0.1
    done
    [ $ok = 1 ] || { echo "port $port does not answer" >&2; cat "$WORK/haproxy.log" >&2; exit 1; }
done

echo "# events of the tracing lbs into a $EVENTS"
echo "# $(date -u +%FT%TZ) $(nproc) cores; wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency http://127.0.0.1:PORT$TARGET_PATH"
echo "# haproxy: $(haproxy -v | head -1 | cut -d' ' -f1-3), nbthread $HAPROXY_THREADS"
# CPU time (user + system, clock ticks) a process has used: per-request CPU cost is a fairer
# figure than requests/s on a machine shared with other work.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; } # the kernel's part (system time)
# The four backends' CPU time together: what a front end costs the servers behind it (its
# requests' headers, how it reuses connections) is part of its requests/s on a shared machine.
backend_ticks() {
    local t=0 id
    for id in web-1 web-2 app-1 app-2; do t=$((t + $(cpu_ticks "$(cat "$WORK/$id.pid")"))); done
    echo $t
}
# The reader of a tracing lb's event pipe (the orchestrator's part under `infrastage-cli up`).
reader_ticks() { if [ -f "$WORK/$1.reader.pid" ]; then cpu_ticks "$(cat "$WORK/$1.reader.pid")"; else echo 0; fi; }
# The whole machine's busy and idle time (/proc/stat, clock ticks): with both cores busy,
# requests/s is the cores divided by everything a request costs, wrk and the kernel included.
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat; }
# us_per_request TICKS RPS: CPU clock ticks spent over a run of DURATION, in µs per request.
us_per_request() {
    awk -v t="$1" -v r="$2" -v d="$DURATION" -v hz="$(getconf CLK_TCK)" \
        'BEGIN {printf "%.1f", t / hz * 1e6 / (r * d)}'
}
run_wrk() { # name port pidfile-id -> "rps p99_ms cpu_us_per_request"
    local out rps p99 pid before after b0 b1 r0 r1 m0 m1
    pid=$(cat "$WORK/$3.pid")
    before=$(cpu_ticks "$pid")
    b0=$(backend_ticks)
    r0=$(reader_ticks "$3")
    m0=$(machine_ticks)
    out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$2$TARGET_PATH")
    after=$(cpu_ticks "$pid")
    b1=$(backend_ticks)
    r1=$(reader_ticks "$3")
    m1=$(machine_ticks)
    echo "$out" > "$WORK/wrk-$1-$round.txt"
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')
    errs=$(echo "$out" | awk '/Socket errors|Non-2xx/ {printf "%s ", $0}')
    cpu=$(us_per_request $((after - before)) "$rps")
    backends=$(us_per_request $((b1 - b0)) "$rps")
    reader=$(us_per_request $((r1 - r0)) "$rps")
    machine=$(awk -v a="$m0" -v b="$m1" -v r="$rps" -v d="$DURATION" -v hz="$(getconf CLK_TCK)" \
        'BEGIN {split(a, x, " "); split(b, y, " "); busy = y[1] - x[1]; idle = y[2] - x[2];
                printf "%.1f us, idle %.0f%%", busy / hz * 1e6 / (r * d), idle / (busy + idle) * 100}')
    printf "%-22s %10.0f req/s   p99 %8.2f ms   %6s us CPU/request  (backends %s us, event reader %s us; machine %s)  %s\n" \
        "$1" "$rps" "$p99" "$cpu" "$backends" "$reader" "$machine" "$errs"
    echo "$rps $p99 $cpu" >> "$WORK/sum-$1"
}
# Each round starts with the next target: the machine's speed drifts within a round, and the
# target always run first would always meet the same part of the drift.
RUNS=("haproxy $HAP haproxy" "infrastage-tracing $LB_ON lb-tracing" "infrastage-quiet $LB_OFF lb-quiet")
if [ "$COMPARE_QT_LOOP" = 1 ]; then RUNS+=("infrastage-qtloop $LB_QT lb-qtloop"); fi
if [ -n "$COMPARE_NODE" ]; then RUNS+=("infrastage-compare $LB_CMP lb-compare"); fi
for round in $(seq 1 "$ROUNDS"); do
    echo "## round $round"
    for i in $(seq 0 $((${#RUNS[@]} - 1))); do
        # shellcheck disable=SC2086 # three words: name, port, process id
        run_wrk ${RUNS[$(((i + round - 1) % ${#RUNS[@]}))]}
    done
done

avg() { awk -v c="$2" '{s+=$c; n++} END {printf "%.2f", s/n}' "$WORK/sum-$1"; }
echo "## averages over $ROUNDS rounds"
for n in $TARGETS; do
    printf "%-22s %10s req/s   p99 %8s ms   %6s us CPU/request\n" "$n" "$(avg $n 1)" "$(avg $n 2)" "$(avg $n 3)"
done
H_RPS=$(avg haproxy 1); H_P99=$(avg haproxy 2)
H_CPU=$(avg haproxy 3)
for n in ${TARGETS#haproxy }; do
    awk -v r="$(avg $n 1)" -v p="$(avg $n 2)" -v c="$(avg $n 3)" -v hr="$H_RPS" -v hp="$H_P99" -v hc="$H_CPU" -v n="$n" \
        'BEGIN {printf "%-22s %.2fx haproxy req/s (goal >= 1.0), p99 %.2fx (goal <= 1.5), CPU per request %.2fx (goal <= 1.15)\n", n, r/hr, p/hp, c/hc}'
done
awk -v on="$(avg infrastage-tracing 1)" -v off="$(avg infrastage-quiet 1)" \
    -v con="$(avg infrastage-tracing 3)" -v coff="$(avg infrastage-quiet 3)" \
    'BEGIN {printf "tracing on vs off: %.1f%% fewer req/s, %.1f%% more CPU per request (goal <= 10%%)\n", (off-on)/off*100, (con-coff)/coff*100}'
# half_load PORT FILE: half the connections against PORT in the background, wrk's output in
# $WORK/FILE ($! is its process).
half_load() {
    wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" "http://127.0.0.1:$1$TARGET_PATH" >"$WORK/$2" &
}
# paired A_ID A_PORT A_NAME B_ID B_PORT B_NAME: PAIRED_ROUNDS rounds loading both at once, then
# every round pooled (CPU ticks and requests summed over the rounds, the ratio of the sums: a
# round's own figure swings by +-15 % with the share of the CPU each lb happened to get) and the
# rounds' median.
paired() {
    local a_pid b_pid round a0 b0 a1 b1 as0 bs0 as1 bs1 w1 w2 pool_a=0 pool_b=0 req_a=0 req_b=0
    a_pid=$(cat "$WORK/$1.pid"); b_pid=$(cat "$WORK/$4.pid")
    for round in $(seq 1 "$PAIRED_ROUNDS"); do
        a0=$(cpu_ticks "$a_pid"); b0=$(cpu_ticks "$b_pid")
        as0=$(sys_ticks "$a_pid"); bs0=$(sys_ticks "$b_pid")
        # Which load starts first alternates between rounds, as the sequential rounds' order does.
        if [ $((round % 2)) = 1 ]; then
            half_load "$2" paired-a.txt; w1=$!
            half_load "$5" paired-b.txt; w2=$!
        else
            half_load "$5" paired-b.txt; w2=$!
            half_load "$2" paired-a.txt; w1=$!
        fi
        wait "$w1" "$w2"
        a1=$(cpu_ticks "$a_pid"); b1=$(cpu_ticks "$b_pid")
        as1=$(sys_ticks "$a_pid"); bs1=$(sys_ticks "$b_pid")
        awk -v r="$round" -v ta=$((a1 - a0)) -v tb=$((b1 - b0)) -v d="$DURATION" -v hz="$(getconf CLK_TCK)" \
            -v an="$3" -v bn="$6" -v sa=$((as1 - as0)) -v sb=$((bs1 - bs0)) -v out="$WORK/paired-rounds.txt" \
            -v ra="$(awk '/Requests\/sec/ {print $2}' "$WORK/paired-a.txt")" \
            -v rb="$(awk '/Requests\/sec/ {print $2}' "$WORK/paired-b.txt")" \
            'BEGIN {ca = ta / hz * 1e6 / (ra * d); cb = tb / hz * 1e6 / (rb * d);
                    ka = sa / hz * 1e6 / (ra * d); kb = sb / hz * 1e6 / (rb * d);
                    printf "paired round %d: %s %.0f req/s %.1f us CPU/request (kernel %.1f), %s %.0f req/s %.1f us (kernel %.1f): %.1f%% fewer req/s, %.1f%% more CPU per request\n",
                           r, an, ra, ca, ka, bn, rb, cb, kb, (rb - ra) / rb * 100, (ca - cb) / cb * 100;
                    printf "%.4f\n", (ca - cb) / cb * 100 >> out}'
        pool_a=$((pool_a + a1 - a0)); pool_b=$((pool_b + b1 - b0))
        req_a=$((req_a + $(awk '/requests in/ {print $1}' "$WORK/paired-a.txt")))
        req_b=$((req_b + $(awk '/requests in/ {print $1}' "$WORK/paired-b.txt")))
    done
    awk -v ta="$pool_a" -v tb="$pool_b" -v ra="$req_a" -v rb="$req_b" -v hz="$(getconf CLK_TCK)" \
        -v an="$3" -v bn="$6" -v n="$PAIRED_ROUNDS" -v rounds="$(sort -g "$WORK/paired-rounds.txt" | tr '\n' ' ')" \
        'BEGIN {ca = ta / hz * 1e6 / ra; cb = tb / hz * 1e6 / rb; split(rounds, v, " ");
                median = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2;
                printf "paired rounds pooled (%d): %s %.2f us CPU/request, %s %.2f us: %.1f%% more CPU per request; the rounds median %.1f%%, from %.1f%% to %.1f%%\n",
                       n, an, ca, bn, cb, (ca - cb) / cb * 100, median, v[1], v[n]}'
    rm -f "$WORK/paired-rounds.txt"
}
if [ "$PAIRED_ROUNDS" -gt 0 ]; then
    echo "## tracing cost, lb-tracing and lb-quiet loaded at the same time (wrk -c$((CONNECTIONS / 2)) each)"
    paired lb-tracing "$LB_ON" on lb-quiet "$LB_OFF" off
    if [ -n "$COMPARE_NODE" ]; then
        echo "## this build against COMPARE_NODE's, both tracing, loaded at the same time"
        paired lb-tracing "$LB_ON" this lb-compare "$LB_CMP" compare
    fi
fi
if [ "$EVENTS" = pipe ]; then
    echo "## events read from the tracing lb's pipe: $(awk '/^rchar/ {printf "%.0f MB", $2 / 1e6}' "/proc/$(cat "$WORK/lb-tracing.reader.pid")/io")"
else
    echo "## events written by the tracing lb into a file: $(wc -l < "$WORK/lb-tracing.events") lines"
fi
echo "## load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## RSS after the load (goal < 30 MB each)"
for id in lb-tracing lb-quiet $([ "$COMPARE_QT_LOOP" = 1 ] && echo lb-qtloop) $([ -n "$COMPARE_NODE" ] && echo lb-compare) web-1 web-2 app-1 app-2; do
    pid=$(cat "$WORK/$id.pid")
    printf "%-12s %6s kB\n" "$id" "$(awk '/VmRSS/ {print $2}' /proc/$pid/status)"
done
printf "%-12s %6s kB\n" haproxy "$(awk '/VmRSS/ {print $2}' /proc/$(cat "$WORK/haproxy.pid")/status)"
