#!/bin/sh
# Replication benchmark, side by side in one run: MariaDB 10.11 primary -> replica (GTID,
# row-based binary log, semi-sync built in) set up here in a temporary directory, and the db
# role of infrastage-node. Usage:
#   tests/benchmarks/data/run-mariadb-vs-infrastage.sh BUILD_DIR [SECONDS]
# Needs: mariadb-server, libmariadb-dev (apt-get install -y mariadb-server libmariadb-dev), and
# bench_datareplication built in BUILD_DIR (cmake --build BUILD_DIR --target
# bench_datareplication infrastage-node).
set -eu
BUILD=${1:?usage: $0 BUILD_DIR [SECONDS]}
SECONDS_PER_RUN=${2:-5}
BIN=$(cd "$BUILD/bin" && pwd)
TMP=$(mktemp -d /tmp/infrastage-mariadb-XXXXXX)
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    sleep 1
    for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_server() { # ID PORT
    dir=$TMP/d$1
    mariadb-install-db --no-defaults --datadir="$dir" --user="$(id -un)" \
        --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1
    mariadbd --no-defaults --datadir="$dir" --user="$(id -un)" --bind-address=127.0.0.1 \
        --port="$2" --socket="$TMP/s$1" --pid-file="$TMP/p$1" --server-id="$1" \
        --log-bin="$dir/binlog" --binlog-format=ROW --gtid-strict-mode=1 --log-slave-updates \
        --skip-name-resolve --slave-run-triggers-for-rbr=YES \
        --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 --log-error="$TMP/err$1.log" &
    PIDS="$PIDS $!"
    i=0
    until mariadb -S "$TMP/s$1" -uroot -e 'SELECT 1' >/dev/null 2>&1; do
        i=$((i + 1)); [ $i -lt 300 ] || { cat "$TMP/err$1.log"; exit 1; }; sleep 0.1
    done
    # Not binlogged: each server gets its own user; everything else replicates.
    mariadb -S "$TMP/s$1" -uroot -e "SET sql_log_bin = 0; CREATE USER 'bench'@'%' IDENTIFIED BY 'bench';
        GRANT ALL ON *.* TO 'bench'@'%';"
}

P1=$(free_port); P2=$(free_port)
start_server 1 "$P1"
start_server 2 "$P2"
mariadb -S "$TMP/s2" -uroot -e "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$P1,
    MASTER_USER='bench', MASTER_PASSWORD='bench', MASTER_USE_GTID=slave_pos; START SLAVE;"
mariadb -S "$TMP/s1" -uroot -e "CREATE DATABASE bench"
sleep 1
echo "# $(mariadbd --version)"
echo "# durability: MariaDB innodb_flush_log_at_trx_commit=2, sync_binlog=0 (survives a killed server, not power loss);"
echo "# infrastage: SQLite WAL, synchronous=NORMAL (survives a killed process, not power loss)"
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
INFRASTAGE_BIN_DIR="$BIN" "$BIN/bench_datareplication" --seconds "$SECONDS_PER_RUN" \
    --mariadb-primary "$P1" --mariadb-replica "$P2" --mariadb-pids "$(cat "$TMP/p1"),$(cat "$TMP/p2")"
