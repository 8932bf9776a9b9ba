#!/usr/bin/env python3
"""The gap a client sees while a load-balancer pair's BACKUP takes the virtual IP over (issue 11,
section 3): Infrastage's lb role at advert_int 1 s and 100 ms, beside real keepalived 2.2 at its
defaults (advert_int 1, VRRPv2) and at 0.1 s (VRRPv3), run in network namespaces.

Infrastage: two infrastage-node lb processes (priority 150 MASTER, 100 BACKUP) share the VIP
127.77.0.1 in front of one web + app backend; a client opens a new connection per request to
the VIP at --rate requests/s. Each round SIGKILLs the MASTER, waits for the BACKUP's
vrrp.vip_acquired, then restarts the old MASTER (as BACKUP: it preempts after its own
Master_Down_Interval and the VIP is handed back by release + bind).

keepalived: namespaces C (client, bridge 10.77.0.1), N1 and N2 (10.77.0.11, .12), each N with
keepalived (priority 150 MASTER / 100 BACKUP, VIP 10.77.0.100) and HAProxy answering 200 on
*:8080. Each round is a fresh set-up; the MASTER is "killed" by SIGKILL of its keepalived and
HAProxy (the VIP stays on its interface, as after a crash; the BACKUP's gratuitous ARP moves the
traffic). The same client runs in C.

Client gap: the longest time between two successful responses around the kill. Not a test:
figures go to docs/benchmarks.md.

    python3 tests/benchmarks/lb/bench_vrrp.py BIN_DIR [--rounds N] [--rate R] [--no-keepalived]
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_failover import SRC, Proc, free_port, now_ns, start_node  # noqa: E402

VIP, LB_A, LB_B = "127.77.0.1", "127.77.0.2", "127.77.0.3"


class VrrpProc(Proc):
    KEEP = Proc.KEEP + (b"STATE", b"ALERT")  # keepalived's "(VI_1) Entering MASTER STATE"


def udp_port(address):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((address, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def load(host, port, rate, stop, results, threads=4):
    """New connection per request, `rate` requests/s in all; (start ns, end ns, ok)."""
    period = threads / rate

    def worker():
        nxt = time.monotonic()
        while not stop.is_set():
            start = now_ns()
            ok = False
            try:
                with socket.create_connection((host, port), timeout=0.5) as s:
                    s.settimeout(0.5)
                    s.sendall(b"GET / HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n")
                    ok = s.recv(12).startswith(b"HTTP/1.")
            except OSError:
                pass
            results.append((start, now_ns(), ok))
            nxt += period
            time.sleep(max(0.0, nxt - time.monotonic()))

    ts = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in ts:
        t.start()
    return ts


def gap(results, since, until):
    """Longest time between two successful answers ending in [since, until], and the failures."""
    oks = sorted(e for s, e, ok in results if ok and since <= e <= until)
    failed = sum(1 for s, e, ok in results if not ok and since <= s <= until)
    worst = max((b - a for a, b in zip(oks, oks[1:])), default=None)
    return worst, failed


def event_t(line):
    return json.loads(line)["t"]


class Infrastage:
    def __init__(self, a, advert):
        self.a, self.advert = a, advert
        self.node = os.path.join(a.bin_dir, "infrastage-node")
        self.work = tempfile.mkdtemp(prefix="bench-vrrp.")
        self.procs = {}
        self.udp = {"lb-a": udp_port(LB_A), "lb-b": udp_port(LB_B)}
        self.vip_port = free_port()

    def start(self, role, node_id, config):
        return start_node(self.node, self.work, self.procs, role, node_id, config, VrrpProc)[1]

    def lb(self, name, initial):
        own, prio, peer = (LB_A, 150, "lb-b") if name == "lb-a" else (LB_B, 100, "lb-a")
        return self.start("lb", name, {
            "node": name, "listen": {"address": own, "port": 0}, "mode": "http",
            "servers": [{"id": "web-1", "host": "server-1", "address": "127.0.0.1",
                         "port": self.web}], "tracing": False,
            "vrrp": {"vip": VIP, "design_vip": "8.8.8.8", "vip_port": self.vip_port, "vrid": 51,
                     "advert_int": self.advert, "priority": prio, "preempt": True,
                     "initial": initial, "listen": {"address": own, "port": self.udp[name]},
                     "peers": [{"node": peer, "address": LB_A if peer == "lb-a" else LB_B,
                                "port": self.udp[peer]}]}})

    def run(self):
        app = self.start("app", "app-1", {"node": "app-1", "listen": {"address": "127.0.0.1",
                         "port": 0}, "served_by": "server-1", "tracing": False})
        self.web = self.start("web", "web-1", {
            "node": "web-1", "listen": {"address": "127.0.0.1", "port": 0}, "tracing": False,
            "served_by": "server-1", "root": f"{SRC}/resources/site",
            "upstreams": [{"id": "app-1", "address": "127.0.0.1", "port": app}]})
        self.lb("lb-a", "MASTER")
        self.lb("lb-b", "BACKUP")
        stop, results, rows = threading.Event(), [], []
        workers = load(VIP, self.vip_port, self.a.rate, stop, results)
        wait = (4 * self.advert + 5000) / 1000
        try:
            for _ in range(self.a.rounds):
                time.sleep(1.0 + self.advert / 1000)
                a, b = self.procs["lb-a"], self.procs["lb-b"]
                t_kill = now_ns()
                os.kill(a.p.pid, signal.SIGKILL)
                a.p.wait()
                master = b.wait_line(lambda s, l: '"vrrp.state"' in l and '"to":"MASTER"' in l,
                                     wait, t_kill)
                bound = b.wait_line(lambda s, l: '"vrrp.vip_acquired"' in l, wait, t_kill)
                if not master or not bound:
                    raise SystemExit("the BACKUP did not take the VIP over")
                time.sleep(0.5)
                client_gap, failed = gap(results, t_kill - 500_000_000, now_ns())
                t_restart = now_ns()
                self.lb("lb-a", "BACKUP")
                back = self.procs["lb-a"].wait_line(lambda s, l: '"vrrp.vip_acquired"' in l, wait,
                                                    t_restart)
                if not back:
                    raise SystemExit("lb-a did not take the VIP back")
                time.sleep(0.5)
                handover_gap, handover_failed = gap(results, t_restart, now_ns())
                rows.append({"state_ms": (event_t(master[1]) - t_kill) / 1e6,
                             "bound_ms": (event_t(bound[1]) - t_kill) / 1e6,
                             "gap_ms": client_gap / 1e6, "failed": failed,
                             "handover_gap_ms": handover_gap / 1e6,
                             "handover_failed": handover_failed})
        finally:
            stop.set()
            for w in workers:
                w.join()
            for p in self.procs.values():
                p.stop()
            shutil.rmtree(self.work, ignore_errors=True)
        return rows


def sh(*argv):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


class Keepalived:
    """Real keepalived + HAProxy in network namespaces; nothing touches the host's network."""

    def __init__(self, a, advert):
        self.a, self.advert = a, advert
        tag = f"ivb{os.getpid() % 100000}"
        self.c, self.n = f"{tag}-c", {1: f"{tag}-1", 2: f"{tag}-2"}
        self.work = tempfile.mkdtemp(prefix="bench-keepalived.")

    def setup(self):
        c = self.c
        sh("ip", "netns", "add", c)
        sh("ip", "-n", c, "link", "set", "lo", "up")
        sh("ip", "-n", c, "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", c, "addr", "add", "10.77.0.1/24", "dev", "br0")
        sh("ip", "-n", c, "link", "set", "br0", "up")
        self.procs = {}
        for i, ns in self.n.items():
            sh("ip", "netns", "add", ns)
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            sh("ip", "-n", c, "link", "add", f"v{i}", "type", "veth", "peer", "name", "eth0",
               "netns", ns)
            sh("ip", "-n", c, "link", "set", f"v{i}", "master", "br0", "up")
            sh("ip", "-n", ns, "addr", "add", f"10.77.0.1{i}/24", "dev", "eth0")
            sh("ip", "-n", ns, "link", "set", "eth0", "up")
            hap = os.path.join(self.work, f"haproxy-{i}.cfg")
            with open(hap, "w") as f:
                f.write("global\n    nbthread 1\ndefaults\n    mode http\n    timeout client 5s\n"
                        "    timeout connect 5s\n    timeout server 5s\nfrontend fe\n"
                        "    bind *:8080\n    http-request return status 200 content-type "
                        "text/plain string ok\n")
            ka = os.path.join(self.work, f"keepalived-{i}.conf")
            version = "" if self.advert % 1000 == 0 else "    vrrp_version 3\n"
            with open(ka, "w") as f:
                f.write(f"global_defs {{\n    router_id n{i}\n{version}}}\n"
                        f"vrrp_instance VI_1 {{\n    state {'MASTER' if i == 1 else 'BACKUP'}\n"
                        f"    interface eth0\n    virtual_router_id 51\n"
                        f"    priority {150 if i == 1 else 100}\n"
                        f"    advert_int {self.advert / 1000:g}\n"
                        f"    virtual_ipaddress {{\n        10.77.0.100/24\n    }}\n}}\n")
            self.procs[f"haproxy-{i}"] = VrrpProc(f"haproxy-{i}", [
                "ip", "netns", "exec", ns, "haproxy", "-db", "-f", hap])
            self.procs[f"ka-{i}"] = VrrpProc(f"ka-{i}", [
                "ip", "netns", "exec", ns, "keepalived", "-n", "-l", "-P", "-f", ka,
                "-p", os.path.join(self.work, f"ka-{i}.pid"),
                "-r", os.path.join(self.work, f"vrrp-{i}.pid")])
        if not self.procs["ka-1"].wait_line(lambda s, l: "Entering MASTER STATE" in l, 15):
            raise SystemExit("keepalived did not become MASTER: "
                             f"{[l for _, _, l in self.procs['ka-1'].lines]}")

    def teardown(self):
        for p in self.procs.values():
            p.stop()
        for ns in [self.c, *self.n.values()]:
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)

    def round(self):
        self.setup()
        try:
            # The client runs in C: this script again, with --client, printing its results.
            client = subprocess.Popen(
                ["ip", "netns", "exec", self.c, sys.executable, os.path.abspath(__file__),
                 "--client", "10.77.0.100", "8080", "--rate", str(self.a.rate), "--seconds",
                 str(1.5 + (4 * self.advert + 2000) / 1000)], stdout=subprocess.PIPE)
            time.sleep(1.5)
            t_kill = now_ns()
            # keepalived's parent first (it would restart its VRRP child), then the child.
            pids = [self.procs["ka-1"].p.pid, self.procs["haproxy-1"].p.pid]
            with open(os.path.join(self.work, "vrrp-1.pid")) as f:
                pids.append(int(f.read().split()[0]))
            for pid in pids:  # `ip netns exec` execs the program: these are their pids
                os.kill(pid, signal.SIGKILL)
            master = self.procs["ka-2"].wait_line(lambda s, l: "Entering MASTER STATE" in l,
                                                  (4 * self.advert + 5000) / 1000, t_kill)
            results = [tuple(r) for r in json.loads(client.communicate()[0])]
            client_gap, failed = gap(results, t_kill - 500_000_000, results[-1][1])
            return {"state_ms": (master[0] - t_kill) / 1e6 if master else None,
                    "gap_ms": client_gap / 1e6 if client_gap else None, "failed": failed}
        finally:
            self.teardown()

    def run(self):
        try:
            return [self.round() for _ in range(self.a.rounds)]
        finally:
            shutil.rmtree(self.work, ignore_errors=True)


def report(title, rows, expected):
    print(f"\n{title} (expected takeover 3 x advert_int + skew = {expected:.0f} ms)")
    keys = [k for k in rows[0]]
    print("  round " + " ".join(f"{k:>16}" for k in keys))
    for i, r in enumerate(rows, 1):
        print(f"  {i:5} " + " ".join(f"{'-' if r[k] is None else round(r[k], 1):>16}" for k in keys))
    for k in keys:
        vals = [r[k] for r in rows if r[k] is not None]
        if vals:
            print(f"  {k}: mean {sum(vals) / len(vals):.1f}, min {min(vals):.1f}, "
                  f"max {max(vals):.1f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin_dir", nargs="?")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--rate", type=int, default=200)
    ap.add_argument("--no-keepalived", action="store_true")
    ap.add_argument("--client", nargs=2)
    ap.add_argument("--seconds", type=float)
    a = ap.parse_args()
    if a.client:  # inside the client namespace
        stop, results = threading.Event(), []
        workers = load(a.client[0], int(a.client[1]), a.rate, stop, results)
        time.sleep(a.seconds)
        stop.set()
        for w in workers:
            w.join()
        print(json.dumps(sorted(results)))
        return
    skew = lambda adv: 3 * adv + (256 - 100) * adv / 256  # noqa: E731 (the BACKUP's priority)
    for advert in (1000, 100):
        report(f"Infrastage lb pair, advert_int {advert} ms, {a.rate} req/s",
               Infrastage(a, advert).run(), skew(advert))
    if a.no_keepalived:
        return
    if os.geteuid() != 0 or not shutil.which("keepalived"):
        print("\nkeepalived: not run (needs root for network namespaces and keepalived)")
        return
    for advert in (1000, 100):
        report(f"keepalived {advert} ms ({'VRRPv2' if advert == 1000 else 'VRRPv3'}), "
               f"{a.rate} req/s", Keepalived(a, advert).run(), skew(advert))


if __name__ == "__main__":
    main()
