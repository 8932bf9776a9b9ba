#!/usr/bin/env python3
"""Runtime benchmark: the three-server design from `infrastage-cli up` to every node ready,
RSS of each role process, crash detection latency, and (if installed) real HAProxy + two Nginx
from start to their first answer. Prints figures; not a test.

usage: bench_runtime.py BIN_DIR [--runs N]
"""
import json, os, queue, shutil, signal, socket, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TOPOLOGY = os.path.join(ROOT, "examples", "three-server.infra.json")


def up(bin_dir, run_dir, events=False):
    args = [os.path.join(bin_dir, "infrastage-cli"), "up", TOPOLOGY, "--run-dir", run_dir]
    if events:
        args.append("--events")
    t0 = time.monotonic_ns()
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    nodes = []
    while len(nodes) < 8:
        line = p.stdout.readline()
        if not line:
            raise SystemExit("up failed: " + p.stderr.read())
        o = json.loads(line)
        if "role" in o:
            nodes.append(o)
    t_ready = time.monotonic_ns()
    return p, nodes, (t_ready - t0) / 1e6


def first_answer(url, host, deadline_s=10):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            req = urllib.request.Request(url, headers={"Host": host})
            with urllib.request.urlopen(req, timeout=1) as r:
                r.read()
                return True
        except Exception:
            time.sleep(0.001)
    return False


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def stop(p):
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=10)


def bench_startup(bin_dir, runs):
    times, to_answer = [], []
    for i in range(runs):
        with tempfile.TemporaryDirectory() as d:
            t0 = time.monotonic_ns()
            p, nodes, ms = up(bin_dir, os.path.join(d, "run"))
            lb = next(n for n in nodes if n["role"] == "lb")
            first_answer(f"http://{lb['address']}:{lb['port']}/", "www.foobar.com")
            to_answer.append((time.monotonic_ns() - t0) / 1e6)
            times.append(ms)
            stop(p)
    times.sort()
    to_answer.sort()
    print(f"up -> all 8 nodes ready: median {times[len(times)//2]:.0f} ms, "
          f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms over {runs} runs")
    print(f"up -> first answer through the LB: median {to_answer[len(to_answer)//2]:.0f} ms")


def bench_rss_and_crash(bin_dir):
    with tempfile.TemporaryDirectory() as d:
        p, nodes, _ = up(bin_dir, os.path.join(d, "run"), events=True)
        # Drain the event stream all along: a consumer that stops reading stalls the emulation.
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(l) for l in p.stdout], daemon=True).start()
        lb = next(n for n in nodes if n["role"] == "lb")
        url = f"http://{lb['address']}:{lb['port']}/"
        for _ in range(500):
            first_answer(url, "www.foobar.com")
        wrk = shutil.which("wrk")
        if wrk:
            subprocess.run([wrk, "-t1", "-c8", "-d2s", "-H", "Host: www.foobar.com", url],
                           capture_output=True)
        print("RSS per role process after 500 requests + 2 s of wrk:")
        for n in nodes:
            print(f"  {n['node']:<14} {n['role']:<4} {rss_mb(n['pid']):6.1f} MB")
        # Crash detection: SIGKILL a node, compare with the orchestrator's runtime.exited time
        # (both CLOCK_MONOTONIC).
        victim = next(n for n in nodes if n["node"] == "dns")
        t_kill = time.monotonic_ns()
        os.kill(victim["pid"], signal.SIGKILL)
        while True:
            e = json.loads(lines.get(timeout=10))
            if e.get("kind") == "runtime.exited" and e.get("node") == "dns":
                print(f"crash detected {(e['t'] - t_kill) / 1e6:.2f} ms after SIGKILL")
                break
        stop(p)


def bench_haproxy_nginx():
    haproxy, nginx = shutil.which("haproxy"), shutil.which("nginx") or "/usr/sbin/nginx"
    if not haproxy or not os.path.exists(nginx):
        print("haproxy/nginx not installed: skipped the comparison")
        return
    with tempfile.TemporaryDirectory() as d:
        def free_port():
            s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port
        ports = [free_port(), free_port()]
        lbport = free_port()
        for i, port in enumerate(ports):
            os.makedirs(f"{d}/n{i}/logs")
            with open(f"{d}/n{i}/nginx.conf", "w") as f:
                f.write(f"""daemon off; worker_processes 1; pid {d}/n{i}/pid; error_log {d}/n{i}/logs/error.log;
events {{ worker_connections 256; }}
http {{ access_log off; client_body_temp_path {d}/n{i}; proxy_temp_path {d}/n{i}; fastcgi_temp_path {d}/n{i};
uwsgi_temp_path {d}/n{i}; scgi_temp_path {d}/n{i};
server {{ listen 127.0.0.1:{port}; location / {{ return 200 "server-{i+1}\\n"; }} }} }}
""")
        with open(f"{d}/haproxy.cfg", "w") as f:
            f.write(f"""global
  maxconn 256
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend fe
  bind 127.0.0.1:{lbport}
  default_backend be
backend be
  balance roundrobin
  server s1 127.0.0.1:{ports[0]} check inter 2000
  server s2 127.0.0.1:{ports[1]} check inter 2000
""")
        t0 = time.monotonic_ns()
        procs = [subprocess.Popen([nginx, "-p", f"{d}/n{i}", "-c", f"{d}/n{i}/nginx.conf"],
                                  stderr=subprocess.DEVNULL) for i in range(2)]
        procs.append(subprocess.Popen([haproxy, "-db", "-f", f"{d}/haproxy.cfg"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        ok = first_answer(f"http://127.0.0.1:{lbport}/", "www.foobar.com")
        ms = (time.monotonic_ns() - t0) / 1e6
        print(f"HAProxy + 2 Nginx: start -> first answer {ms:.0f} ms" + ("" if ok else " (no answer)"))
        for p in procs:
            p.terminate()
            p.wait(timeout=5)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    bin_dir = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    bench_startup(bin_dir, runs)
    bench_rss_and_crash(bin_dir)
    bench_haproxy_nginx()


if __name__ == "__main__":
    main()
