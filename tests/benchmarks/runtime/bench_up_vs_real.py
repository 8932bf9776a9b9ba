#!/usr/bin/env python3
"""The reference design under `infrastage-cli up` (every event recorded) against real HAProxy in
front of two real Nginx, side by side in ONE run, under the same `wrk -t2 -c64 --latency`.
Prints requests/s, p99, the CPU of every process, and whether the recording holds every event of
every request served. Not a test (issue 10, section 1); figures go to docs/benchmarks.md.

usage: bench_up_vs_real.py BIN_DIR [--duration S] [--rounds N] [--haproxy-threads N]
                           [--nginx-workers N] [--events] [--keep]

Both stacks serve the demo site's index.html (resources/site) on 127.0.0.0/8 with ports from
the OS. HAProxy: roundrobin, `option httpchk GET /health`, forwardfor, retries 3, redispatch,
nbthread = the number of CPUs unless --haproxy-threads (HAProxy's own default). Nginx: the same
root, keep-alive, access log off. `up` records into RUN/events.sqlite (its default); --events
also streams the events on stdout to a reader that counts them.
"""
import json, os, shutil, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TOPOLOGY = os.path.join(ROOT, "examples", "three-server.infra.json")
SITE = os.path.join(ROOT, "resources", "site")
HZ = os.sysconf("SC_CLK_TCK")
# The per-request events of a GET / of the site through the reference design.
REQUEST_KINDS = ["lb.request", "lb.choice", "lb.forward", "web.request", "web.static",
                 "web.response", "lb.response"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_s(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / HZ  # utime + stime
    except OSError:
        return 0.0


def wait_http(host, port, deadline_s=15):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            with socket.create_connection((host, port), timeout=1) as s:
                s.sendall(b"GET / HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def parse_ms(text):
    for unit, factor in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def run_wrk(url, duration):
    return parse_wrk(subprocess.run(["wrk", "-t2", "-c64", f"-d{duration}s", "--latency",
                                     "-H", "Host: www.foobar.com", url],
                                    capture_output=True, text=True, check=True).stdout)


def parse_wrk(out):
    """requests/s, p50/p99 (ms), requests, and the error lines of wrk --latency's output."""
    r = {"rps": 0.0, "p50": 0.0, "p99": 0.0, "requests": 0, "errors": ""}
    for line in out.splitlines():
        w = line.split()
        if line.startswith("Requests/sec:"):
            r["rps"] = float(w[1])
        elif w[:1] == ["50%"]:
            r["p50"] = parse_ms(w[1])
        elif w[:1] == ["99%"]:
            r["p99"] = parse_ms(w[1])
        elif "requests in" in line:
            r["requests"] = int(w[0])
        elif "Socket errors" in line or "Non-2xx" in line:
            r["errors"] += line.strip() + " "
    return r


def measure(name, url, pids, duration):
    """One wrk run; CPU (% of one core) of each process in `pids` {label: pid}."""
    before = {k: cpu_s(p) for k, p in pids.items()}
    t0 = time.monotonic()
    r = run_wrk(url, duration)
    wall = time.monotonic() - t0
    r["cpu"] = {k: 100.0 * (cpu_s(p) - before[k]) / wall for k, p in pids.items()}
    r["name"] = name
    return r


def start_real(work, threads, workers, procs):
    """Starts 2 Nginx + HAProxy into `procs` (so the caller stops them whatever happens)."""
    nginx, haproxy = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("haproxy")
    if not haproxy or not os.path.exists(nginx):
        raise SystemExit("haproxy and nginx are needed: apt-get install -y haproxy nginx")
    ports = []
    for i in (1, 2):
        d = os.path.join(work, f"nginx-{i}")
        os.makedirs(d)
        port = free_port()
        ports.append(port)
        # One worker: no master process, so an Nginx's CPU is that of one pid.
        master = "master_process off; " if workers == 1 else ""
        with open(f"{d}/nginx.conf", "w") as f:
            f.write(f"""daemon off; {master}worker_processes {workers};
pid {d}/nginx.pid; error_log {d}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path {d}; proxy_temp_path {d}; fastcgi_temp_path {d};
  uwsgi_temp_path {d}; scgi_temp_path {d};
  types {{ text/html html; text/css css; application/javascript js; }}
  server {{
    listen 127.168.1.1{i - 1}:{port};
    root {SITE};
    add_header X-Served-By server-{i};
    location = /health {{ return 200 "ok\\n"; }}
  }}
}}
""")
        procs[f"nginx-{i}"] = subprocess.Popen([nginx, "-p", d, "-c", f"{d}/nginx.conf"],
                                               stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL)
    lbport = free_port()
    nbthread = f"    nbthread {threads}\n" if threads else ""
    with open(f"{work}/haproxy.cfg", "w") as f:
        f.write(f"""global
{nbthread}    maxconn 4096
defaults
    mode http
    option forwardfor
    option redispatch
    retries 3
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend www
    bind 127.8.8.8:{lbport}
    default_backend web_servers
backend web_servers
    balance roundrobin
    option httpchk GET /health
    server server-1 127.168.1.10:{ports[0]} check inter 2000 fall 3 rise 2
    server server-2 127.168.1.11:{ports[1]} check inter 2000 fall 3 rise 2
""")
    with open(f"{work}/haproxy.log", "w") as log:
        procs["haproxy"] = subprocess.Popen([haproxy, "-db", "-f", f"{work}/haproxy.cfg"],
                                            stdout=log, stderr=subprocess.STDOUT)
    if not wait_http("127.8.8.8", lbport):
        with open(f"{work}/haproxy.log") as log:
            raise SystemExit("HAProxy + Nginx did not answer:\n" + log.read()[-2000:])
    return f"http://127.8.8.8:{lbport}/"


def start_up(bin_dir, run_dir, events):
    args = [os.path.join(bin_dir, "infrastage-cli"), "up", TOPOLOGY, "--run-dir", run_dir]
    if events:
        args.append("--events")
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    nodes = []
    while len(nodes) < 8:
        line = p.stdout.readline()
        if not line:
            raise SystemExit("up failed; its logs are in " + run_dir + "/logs")
        o = json.loads(line)
        if "role" in o:
            nodes.append(o)
    streamed = {"lines": 0}

    def drain():  # the event stream (with --events), counted; stderr is not read
        for _ in p.stdout:
            streamed["lines"] += 1
    threading.Thread(target=drain, daemon=True).start()
    return p, nodes, streamed


def check_recording(db_path, served):
    """Counts the recorded events of the requests served through the load balancer."""
    db = sqlite3.connect(db_path)
    per_kind = dict(db.execute(
        "SELECT kind, count(*) FROM run_events WHERE trace IS NOT NULL GROUP BY kind"))
    # Requests the load balancer answered whose trace lacks one of the seven events (health
    # checks have traces of their own, without lb events).
    incomplete = db.execute(
        "SELECT count(*) FROM (SELECT trace FROM run_events WHERE trace IN "
        "(SELECT trace FROM run_events WHERE kind = 'lb.response') GROUP BY trace "
        f"HAVING count(*) <> {len(REQUEST_KINDS)})").fetchone()[0]
    drops = db.execute("SELECT count(*), coalesce(sum(json_extract(details,'$.dropped')),0) "
                       "FROM run_events WHERE kind LIKE '%dropped%'").fetchone()
    total = db.execute("SELECT count(*) FROM run_events").fetchone()[0]
    order = db.execute("SELECT count(*) FROM run_events a JOIN run_events b "
                       "ON b.run_id = a.run_id AND b.seq = a.seq + 1 WHERE b.t_ns < a.t_ns"
                       ).fetchone()[0]
    db.close()
    return {"per_kind": per_kind, "incomplete": incomplete, "drop_events": drops[0],
            "dropped": drops[1], "total": total, "out_of_order": order, "served": served}


def main():
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        raise SystemExit(__doc__)
    bin_dir = os.path.abspath(sys.argv[1])
    argv = sys.argv[2:]

    def opt(name, default):
        return type(default)(argv[argv.index(name) + 1]) if name in argv else default
    duration, rounds = opt("--duration", 10), opt("--rounds", 1)
    threads, workers = opt("--haproxy-threads", 0), opt("--nginx-workers", 1)
    events, keep = "--events" in argv, "--keep" in argv
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    work = tempfile.mkdtemp(prefix="bench-up-")
    real, up_proc, results = {}, None, []
    try:
        print(f"# {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f}; wrk -t2 -c64 -d{duration}s --latency")
        print(f"# {subprocess.run(['haproxy', '-v'], capture_output=True, text=True).stdout.splitlines()[0]}"
              f", nbthread {threads or 'default (one per CPU)'}; nginx worker_processes {workers}")
        real_url = start_real(work, threads, workers, real)
        run_wrk(real_url, 1)  # warm-up
        for i in range(rounds):
            results.append(measure("HAProxy + 2 Nginx", real_url,
                                   {k: p.pid for k, p in real.items()}, duration))
        for p in real.values():
            p.terminate()
            p.wait(timeout=10)
        real.clear()

        run_dir = os.path.join(work, "run")
        up_proc, nodes, streamed = start_up(bin_dir, run_dir, events)
        lb = next(n for n in nodes if n["role"] == "lb")
        url = f"http://{lb['address']}:{lb['port']}/"
        if not wait_http(lb["address"], lb["port"]):
            raise SystemExit("the design's load balancer did not answer")
        served = 1 + run_wrk(url, 1)["requests"]  # warm-up (and the first answer)
        pids = {"up": up_proc.pid}
        pids.update({n["node"]: n["pid"] for n in nodes if n["role"] in ("lb", "web")})
        for i in range(rounds):
            r = measure("infrastage up" + (" --events" if events else ""), url, pids, duration)
            served += r["requests"]
            results.append(r)
        up_proc.send_signal(signal.SIGTERM)
        up_proc.wait(timeout=30)
        up_proc = None
        rec = check_recording(os.path.join(run_dir, "events.sqlite"), served)
    finally:
        for p in real.values():
            p.kill()
            p.wait()
        if up_proc:
            up_proc.kill()
            up_proc.wait()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"| {'stack':<26} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | CPU, % of one core")
    print(f"|{'-' * 28}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 40}")
    for r in results:
        cpu = ", ".join(f"{k} {v:.0f}" for k, v in r["cpu"].items())
        print(f"| {r['name']:<26} | {r['rps']:8.0f} | {r['p50']:7.2f} | {r['p99']:7.2f} | {cpu}"
              + (f"  ({r['errors'].strip()})" if r["errors"] else ""))
    real_rps = max(r["rps"] for r in results if r["name"].startswith("HAProxy"))
    ours = [r for r in results if not r["name"].startswith("HAProxy")]
    best = max(ours, key=lambda r: r["rps"])
    print()
    print(f"ratio (best round): {best['rps'] / real_rps:.3f}x HAProxy + 2 Nginx "
          f"(goal >= 0.25x); p99 {best['p99']:.2f} ms (goal <= 10 ms)")
    k = rec["per_kind"]
    responses = k.get("lb.response", 0)
    print(f"recording: {rec['total']} events; requests answered to wrk {rec['served']}, "
          f"lb.response events {responses}; "
          + ", ".join(f"{kind} {k.get(kind, 0)}" for kind in REQUEST_KINDS[:-1]))
    print(f"  traces without all {len(REQUEST_KINDS)} events: {rec['incomplete']}; "
          f"drop events: {rec['drop_events']} ({rec['dropped']} events dropped); "
          f"neighbours out of time order: {rec['out_of_order']}")
    if events:
        print(f"  --events lines read from stdout: {streamed['lines']}")
    # wrk does not count the requests still in flight when it stops (at most 64 per run).
    lost = responses < rec["served"] or rec["incomplete"] or rec["dropped"]
    print("no event lost: " + ("NO" if lost else "yes"))


if __name__ == "__main__":
    main()
