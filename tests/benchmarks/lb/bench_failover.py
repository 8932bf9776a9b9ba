#!/usr/bin/env python3
"""Failover under load, Infrastage's lb role side by side with HAProxy 2.6 (issue 3, section 6).

Two web backends (each an infrastage-node web + app pair), our lb and a real `haproxy -f` in
front of the same two backends with the same checks (inter/fall/rise), retries 3 and
redispatch. Each kill: steady keep-alive load goes through ONE front end (alternating lb,
haproxy), web-1 is SIGKILLed mid-load, restarted on the same port a few seconds later, and the
load goes on until traffic is back on it. Both front ends watch every kill (their health
checks run all the time), so every kill gives a DOWN and an UP time for both; the client
figures (errors, latency) belong to the front end that carried the load.

DOWN time: SIGKILL -> the front end's "Server ... is DOWN" line on its stderr (both print it;
timestamped on arrival with CLOCK_MONOTONIC). UP time: the restarted web's ready line -> the
"is UP" line. Not a test: figures go to docs/benchmarks.md.

    python3 tests/benchmarks/lb/bench_failover.py [BIN_DIR] [--rounds N] [--inter MS] ...
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def now_ns():
    return time.monotonic_ns()  # CLOCK_MONOTONIC, the clock of the nodes' event "t"


class Proc:
    """A child process whose stdout and stderr lines are kept with their arrival time."""

    # Only the lines a benchmark looks at are kept: a tracing lb writes four events per request.
    KEEP = (b'"ready"', b" is ", b"lb.health", b"failed", b'"vrrp.')

    def __init__(self, name, argv, cwd=None):
        self.name = name
        self.lines = []  # (arrival ns, stream, text)
        self.cond = threading.Condition()
        # Started from the main thread: the nodes die with the thread that forked them
        # (PR_SET_PDEATHSIG), and stdin EOF stops them.
        self.p = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        for stream, f in (("out", self.p.stdout), ("err", self.p.stderr)):
            threading.Thread(target=self._read, args=(stream, f), daemon=True).start()

    def _read(self, stream, f):
        buf = b""
        fd = f.fileno()
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                return
            t = now_ns()
            buf += chunk
            *done, buf = buf.split(b"\n")
            keep = [(t, stream, l.decode(errors="replace")) for l in done
                    if any(k in l for k in self.KEEP)]
            if keep:
                with self.cond:
                    self.lines.extend(keep)
                    self.cond.notify_all()

    def wait_line(self, pred, timeout, since=0):
        """First kept line after `since` (ns) for which pred(stream, text) holds, or None."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                for t, stream, text in self.lines:
                    if t >= since and pred(stream, text):
                        return t, text
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def stop(self):
        if self.p.poll() is None:
            try:
                self.p.stdin.close()
            except OSError:
                pass
            self.p.terminate()
            try:
                self.p.wait(3)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_node(program, work, procs, role, node_id, config, proc_class=Proc):
    """infrastage-node ROLE with `config` (written to `work`), kept in `procs`: (ready time,
    port) once it printed its ready line."""
    path = os.path.join(work, node_id + ".json")
    with open(path, "w") as f:
        json.dump(config, f)
    p = proc_class(node_id, [program, role, "--config", path])
    procs[node_id] = p
    ready = p.wait_line(lambda s, l: s == "out" and '"kind":"ready"' in l.replace(" ", ""), 20)
    if not ready:
        said = " / ".join(l for _, s, l in p.lines)
        raise SystemExit(f"{node_id} did not start within 20 s: {said}")
    return ready[0], json.loads(ready[1])["details"]["port"]


class Bench:
    def __init__(self, args):
        self.a = args
        self.node = os.path.join(args.bin_dir, "infrastage-node")
        self.work = tempfile.mkdtemp(prefix="bench-failover.")
        self.procs = {}

    def start_node(self, role, node_id, config):
        return start_node(self.node, self.work, self.procs, role, node_id, config)

    def web_config(self, n, port, app_port):
        return {"node": f"web-{n}", "listen": {"address": "127.0.0.1", "port": port},
                "served_by": f"server-{n}", "tracing": False, "root": f"{SRC}/resources/site",
                "upstreams": [{"id": f"app-{n}", "address": "127.0.0.1", "port": app_port}]}

    def setup(self):
        a = self.a
        self.app_port = {}
        self.web_port = {}
        for n in (1, 2):
            _, self.app_port[n] = self.start_node("app", f"app-{n}", {
                "node": f"app-{n}", "listen": {"address": "127.0.0.1", "port": 0},
                "served_by": f"server-{n}", "tracing": False})
            _, self.web_port[n] = self.start_node("web", f"web-{n}",
                                                  self.web_config(n, 0, self.app_port[n]))
        servers = [{"id": f"web-{n}", "host": f"server-{n}", "address": "127.0.0.1",
                    "port": self.web_port[n]} for n in (1, 2)]
        _, self.lb_port = self.start_node("lb", "lb", {
            "node": "lb", "listen": {"address": "127.0.0.1", "port": 0}, "mode": "http",
            "algorithm": "roundrobin", "servers": servers,
            "check": {"path": "/health", "inter": a.inter, "fall": a.fall, "rise": a.rise},
            "retries": 3, "redispatch": True,
            "timeouts": {"connect": 5000, "client": 30000, "server": 30000},
            "tracing": a.lb_tracing == "on"})
        self.hap_port = free_port()
        cfg = os.path.join(self.work, "haproxy.cfg")
        check = f"check inter {a.inter} fall {a.fall} rise {a.rise}"
        with open(cfg, "w") as f:
            f.write(f"""global
    nbthread 1
    maxconn 4096
defaults
    mode http
    option forwardfor
    option redispatch
    retries 3
{a.haproxy_extra}
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind 127.0.0.1:{self.hap_port}
    default_backend be
backend be
    balance roundrobin
    option httpchk GET /health
    server web-1 127.0.0.1:{self.web_port[1]} {check}
    server web-2 127.0.0.1:{self.web_port[2]} {check}
""")
        self.procs["haproxy"] = Proc("haproxy", ["haproxy", "-f", cfg, "-db"])
        self.fronts = {"lb": self.lb_port, "haproxy": self.hap_port}
        for name, port in self.fronts.items():
            for _ in range(100):
                try:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    c.request("GET", "/")
                    if c.getresponse().status == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            else:
                raise SystemExit(f"{name} on port {port} does not answer")
        time.sleep(a.inter * (a.rise + a.fall) / 1000)  # every server fully healthy

    def cleanup(self):
        for p in self.procs.values():
            p.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    # The client: C keep-alive connections, each paced to rate/C requests per second.
    def load(self, port, stop, results):
        a = self.a
        period = a.connections / a.rate

        def worker(k):
            conn = None
            nxt = time.monotonic() + period * k / a.connections
            while not stop.is_set():
                delay = nxt - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                else:
                    nxt = time.monotonic()  # behind: no burst to catch up
                nxt += period
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                t0 = now_ns()
                status, served, err = 0, "", ""
                try:
                    conn.request("GET", a.path, headers={"Host": "www.foobar.com"})
                    r = conn.getresponse()
                    r.read()
                    status = r.status
                    served = (r.getheader("X-Served-By") or "").split(",")[0]
                    if r.will_close:
                        conn.close()
                        conn = None
                except (OSError, http.client.HTTPException) as e:
                    err = f"{type(e).__name__}: {e}"
                    conn.close()
                    conn = None
                results.append((t0, now_ns() - t0, status, served, err))
            if conn:
                conn.close()

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(a.connections)]
        for t in threads:
            t.start()
        return threads

    def transition(self, front, server, to, since, timeout):
        p = self.procs[front]
        if front == "lb":
            pat = re.compile(rf"^Server {server} is {to}\b")
        else:
            pat = re.compile(rf"Server be/{server} is {to}\b")
        hit = p.wait_line(lambda s, l: s == "err" and pat.search(l) is not None, timeout, since)
        return hit[0] if hit else None

    def one_kill(self, loaded):
        a = self.a
        stop = threading.Event()
        results = []
        threads = self.load(self.fronts[loaded], stop, results)
        # The kill at a random phase of the check interval on the monotonic clock: Qt aligns
        # the lb's coarse check timers to multiples of `inter` of that clock, and the previous
        # round ended a fixed time after a check, so a fixed delay would hit the same point of
        # the check cycle every time.
        inter_ns = a.inter * 1000000
        t = now_ns() + int(a.before * 1e9)
        t += (random.randrange(inter_ns) - t) % inter_ns
        time.sleep((t - now_ns()) / 1e9)
        web1 = self.procs["web-1"]
        t_kill = now_ns()
        web1.p.send_signal(signal.SIGKILL)
        web1.p.wait()
        down = {f: self.transition(f, "web-1", "DOWN", t_kill, 10 + a.inter * a.fall / 1000)
                for f in self.fronts}
        rest = t_kill + int(a.down_for * 1e9) - now_ns()
        if rest > 0:
            time.sleep(rest / 1e9)
        t_restart = now_ns()
        t_ready, _ = self.start_node("web", "web-1",
                                     self.web_config(1, self.web_port[1], self.app_port[1]))
        up = {f: self.transition(f, "web-1", "UP", t_ready, 10 + a.inter * a.rise / 1000)
              for f in self.fronts}
        time.sleep(a.after)
        stop.set()
        for t in threads:
            t.join()
        return self.summarize(loaded, results, t_kill, t_restart, t_ready, down, up)

    def summarize(self, loaded, results, t_kill, t_restart, t_ready, down, up):
        ms = lambda ns: None if ns is None else ns / 1e6
        lat = sorted(r[1] for r in results)
        n = len(lat)
        errors = [r for r in results if r[2] < 200 or r[2] >= 300 or r[4]]
        t_up = up.get(loaded)
        back = [r for r in results if t_up and r[0] > t_up]
        worst = sorted(results, key=lambda r: -r[1])[:3]
        return {
            "loaded": loaded, "requests": n,
            "errors": len(errors),
            "error_kinds": sorted({f"{r[2]} {r[4]}".strip() for r in errors}),
            "error_at_ms": [round(ms(r[0] - t_kill)) for r in errors[:10]],
            "p50_ms": ms(lat[n // 2]), "p99_ms": ms(lat[min(n - 1, int(n * 0.99))]),
            "max_ms": ms(lat[-1]),
            "worst": [{"at_ms": round(ms(r[0] - t_kill)), "ms": round(ms(r[1]), 1),
                       "status": r[2], "served": r[3], "error": r[4]} for r in worst],
            "down_ms": {f: ms(t - t_kill) if t else None for f, t in down.items()},
            "restart_ready_ms": ms(t_ready - t_restart),
            "up_ms": {f: ms(t - t_ready) if t else None for f, t in up.items()},
            "server1_share_after_up": (sum(1 for r in back if r[3] == "server-1") / len(back)
                                       if back else None),
        }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bin_dir", nargs="?",
                    default=os.environ.get("INFRASTAGE_BIN_DIR", f"{SRC}/build/ci/bin"))
    ap.add_argument("--rounds", type=int, default=3, help="kills per front end")
    ap.add_argument("--inter", type=int, default=500)
    ap.add_argument("--fall", type=int, default=3)
    ap.add_argument("--rise", type=int, default=2)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rate", type=float, default=400, help="requests/s, all connections")
    ap.add_argument("--path", default="/")
    ap.add_argument("--before", type=float, default=2, help="s of load before the kill")
    ap.add_argument("--down-for", type=float, default=3, help="s from kill to restart")
    ap.add_argument("--after", type=float, default=2, help="s of load after UP")
    ap.add_argument("--lb-tracing", choices=("on", "off"), default="on")
    ap.add_argument("--haproxy-extra", default="",
                    help="extra lines for haproxy's defaults (e.g. '    retry-on all-retryable-errors')")
    ap.add_argument("--json", help="write every kill's figures to this file")
    a = ap.parse_args()
    if not shutil.which("haproxy"):
        raise SystemExit("haproxy is missing: apt-get install -y haproxy")
    b = Bench(a)
    kills = []
    try:
        b.setup()
        print(f"# {time.strftime('%FT%TZ', time.gmtime())} {os.cpu_count()} cores, load average "
              f"{open('/proc/loadavg').read().split()[:3]}")
        print(f"# checks inter {a.inter} fall {a.fall} rise {a.rise}, retries 3, redispatch; "
              f"{a.connections} keep-alive connections, {a.rate:g} req/s GET {a.path}; "
              f"lb tracing {a.lb_tracing}")
        for rnd in range(a.rounds):
            for loaded in ("lb", "haproxy"):
                k = b.one_kill(loaded)
                k["round"] = rnd + 1
                k["loadavg"] = open("/proc/loadavg").read().split()[0]
                kills.append(k)
                d, u = k["down_ms"], k["up_ms"]
                f = lambda v: "  none" if v is None else f"{v:6.0f}"
                print(f"round {rnd + 1} load via {loaded:7s}: {k['requests']:5d} req, "
                      f"{k['errors']} errors {k['error_kinds'] or ''}, p50 {k['p50_ms']:.1f} ms, "
                      f"p99 {k['p99_ms']:.1f} ms, max {k['max_ms']:.1f} ms | DOWN after kill: lb "
                      f"{f(d['lb'])} ms, haproxy {f(d['haproxy'])} ms | UP after ready: lb "
                      f"{f(u['lb'])} ms, haproxy {f(u['haproxy'])} ms | server-1 share after UP "
                      f"{k['server1_share_after_up'] or 0:.2f} | load {k['loadavg']}", flush=True)
                if k["max_ms"] > 250 or k["errors"]:
                    print(f"    worst: {k['worst']}  errors at ms after kill: {k['error_at_ms']}")
    finally:
        b.cleanup()
    if a.json:
        with open(a.json, "w") as f:
            json.dump(kills, f, indent=1)
    print("## summary")
    for front in ("lb", "haproxy"):
        mine = [k for k in kills if k["loaded"] == front]
        downs = [k["down_ms"][front] for k in kills if k["down_ms"][front] is not None]
        ups = [k["up_ms"][front] for k in kills if k["up_ms"][front] is not None]
        if not mine:
            continue
        print(f"{front:8s} errors {sum(k['errors'] for k in mine)} in "
              f"{sum(k['requests'] for k in mine)} requests; worst request "
              f"{max(k['max_ms'] for k in mine):.1f} ms; p99 "
              f"{max(k['p99_ms'] for k in mine):.1f} ms (worst kill); DOWN "
              f"{min(downs):.0f}-{max(downs):.0f} ms (mean {sum(downs) / len(downs):.0f}, "
              f"{len(downs)} kills); UP {min(ups):.0f}-{max(ups):.0f} ms")
    diffs = [abs(k["down_ms"]["lb"] - k["down_ms"]["haproxy"]) for k in kills
             if None not in k["down_ms"].values()]
    if diffs:
        print(f"same kill, |DOWN lb - DOWN haproxy|: max {max(diffs):.0f} ms "
              f"(goal: within one interval, {a.inter} ms)")
    print(f"# load average at the end: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
