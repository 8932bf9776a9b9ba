#!/usr/bin/env python3
"""The path a user's write really takes: POST /api/guestbook through the reference design under
`infrastage-cli up` (DNS aside): load balancer -> web -> application -> primary database, which
replicates to the replica. `wrk` with a Lua script posts form-encoded messages on N keep-alive
connections; prints requests/s, latency p50/p99, non-2xx answers, and the CPU of every process.
Not a test; figures go to docs/benchmarks.md.

Beside it, in the same run and against the same application and database processes, a real
front end: the HAProxy and Nginx configurations `infrastage-cli export --format configs` writes
for the design, run by the real engines (only what cannot run unprivileged on one machine is
changed: design addresses become loopback ones with ports from the OS, paths go to a temporary
directory, `user` lines go, and Nginx's upstream is the running application's address). The
rounds alternate: ours, the real front end, ours, ...

usage: bench_guestbook_post.py BIN_DIR [--duration S] [--connections N] [--rounds N] [--ours-only]
"""
import os, pwd, re, shutil, signal, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runtime"))
from bench_up_vs_real import (TOPOLOGY, cpu_s, free_port, parse_wrk, start_up,  # noqa: E402
                              wait_http)

POST_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local body = "author=bench&message=post+" .. counter
  return wrk.format("POST", "/api/guestbook",
    {["Host"] = "www.foobar.com", ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"""


def run_wrk(url, duration, connections, script):
    return parse_wrk(subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration}s",
                                     "--latency", "-s", script, url],
                                    capture_output=True, text=True, check=True).stdout)


def sub(text, old, new):
    """`text` with the line `old` replaced; the exported file must have it."""
    if old not in text:
        raise SystemExit(f"the exported configuration has no '{old}'")
    return text.replace(old, new)


def start_real_front(bin_dir, work, apps, procs):
    """The exported HAProxy + 2 Nginx in front of `apps` {"server-1": (address, port), ...}.
    Returns the front end's URL; the processes go into `procs`."""
    nginx, haproxy = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("haproxy")
    if not haproxy or not os.path.exists(nginx):
        raise SystemExit("haproxy and nginx are needed: apt-get install -y haproxy nginx")
    exp = os.path.join(work, "exported")
    subprocess.run([os.path.join(bin_dir, "infrastage-cli"), "export", TOPOLOGY, "--format",
                    "configs", "-o", exp], check=True, capture_output=True)
    webs = {}
    for i, server in enumerate(sorted(apps)):
        d = os.path.join(work, f"nginx-{server}")
        os.makedirs(d)
        port = free_port()
        webs[server] = (f"127.168.1.{10 + i}", port)
        with open(os.path.join(exp, "hosts", server, "nginx.conf")) as f:
            conf = f.read()
        # Workers run as whoever runs this (root's would be nobody's, who cannot read `work`).
        conf = sub(conf, "user www-data;\n",
                   f"daemon off;\nuser {pwd.getpwuid(os.geteuid()).pw_name};\n")
        conf = sub(conf, "pid /run/nginx.pid;", f"pid {d}/nginx.pid;")
        conf = sub(conf, "error_log /var/log/nginx/error.log;", f"error_log {d}/error.log;")
        conf = sub(conf, "access_log /var/log/nginx/access.log;",
                   f"access_log {d}/access.log;\n    client_body_temp_path {d}; "
                   f"proxy_temp_path {d}; fastcgi_temp_path {d}; uwsgi_temp_path {d}; "
                   f"scgi_temp_path {d};")
        conf = sub(conf, "listen 80;", f"listen {webs[server][0]}:{port};")
        conf = sub(conf, "root /var/www/foobar;", f"root {exp}/site;")
        conf, n = re.subn(r"(upstream app \{\s*server )[^;]+;",
                          lambda m: f"{m.group(1)}{apps[server][0]}:{apps[server][1]};", conf)
        if n != 1:
            raise SystemExit(f"{server}/nginx.conf: no upstream app to point at the application")
        with open(f"{d}/nginx.conf", "w") as f:
            f.write(conf)
        procs[f"nginx {server}"] = subprocess.Popen(
            [nginx, "-p", d, "-c", f"{d}/nginx.conf", "-e", f"{d}/error.log"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(exp, "hosts", "lb", "haproxy.cfg")) as f:
        cfg = f.read()
    cfg = sub(cfg, "    user haproxy\n", "")
    cfg = sub(cfg, "    group haproxy\n", "")
    lbport = free_port()
    cfg = sub(cfg, "bind 8.8.8.8:80\n", f"bind 127.8.8.9:{lbport}\n")
    cfg = sub(cfg, "bind 8.8.8.8:8404", f"bind 127.8.8.9:{free_port()}")
    for i, server in enumerate(sorted(apps)):
        cfg = sub(cfg, f"server {server} 192.168.1.{10 + i}:80 ",
                  f"server {server} {webs[server][0]}:{webs[server][1]} ")
    with open(f"{work}/haproxy.cfg", "w") as f:
        f.write(cfg)
    procs["haproxy"] = subprocess.Popen([haproxy, "-db", "-f", f"{work}/haproxy.cfg"],
                                        stdout=subprocess.DEVNULL,
                                        stderr=open(f"{work}/haproxy.log", "w"))
    if not wait_http("127.8.8.9", lbport):
        logs = [f"{work}/haproxy.log"] + [os.path.join(work, f"nginx-{s}", "error.log")
                                          for s in sorted(apps)]
        raise SystemExit("the exported HAProxy + Nginx did not answer:\n" + "\n".join(
            open(p).read()[-1500:] for p in logs if os.path.exists(p)))
    return f"http://127.8.8.9:{lbport}/api/guestbook"


def with_children(pids):
    """{label: pid} plus each process's children (Nginx's workers), labelled after it."""
    out = dict(pids)
    for label, pid in pids.items():
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                for i, child in enumerate(f.read().split()):
                    out[f"{label} worker {i + 1}"] = int(child)
        except OSError:
            pass
    return out


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    bin_dir = os.path.abspath(args[0])

    def opt(name, default):
        return int(args[args.index(name) + 1]) if name in args else default
    duration, connections, rounds = opt("--duration", 5), opt("--connections", 16), opt("--rounds", 2)
    real_front = "--ours-only" not in args
    real = {}
    with tempfile.TemporaryDirectory(prefix="infrastage-post-") as work:
        script = os.path.join(work, "post.lua")
        with open(script, "w") as f:
            f.write(POST_LUA)
        up_proc, nodes, _ = start_up(bin_dir, os.path.join(work, "run"), False)
        try:
            lb = next(n for n in nodes if n["role"] == "lb")
            if not wait_http(lb["address"], lb["port"]):
                raise SystemExit("the design's load balancer did not answer")
            url = f"http://{lb['address']}:{lb['port']}/api/guestbook"
            behind = {n["node"]: n["pid"] for n in nodes if n["role"] in ("app", "db")}
            stacks = [("infrastage up", url,
                       dict(behind, **{n["node"]: n["pid"] for n in nodes
                                       if n["role"] in ("lb", "web")}, up=up_proc.pid))]
            if real_front:
                apps = {n["node"].rsplit("-app", 1)[0]: (n["address"], n["port"])
                        for n in nodes if n["role"] == "app"}
                real_url = start_real_front(bin_dir, work, apps, real)
                stacks.append(("exported HAProxy+Nginx", real_url,
                               dict(behind, **with_children(
                                   {k: p.pid for k, p in real.items()}))))
            for _, u, _ in stacks:
                run_wrk(u, 1, connections, script)  # warm-up: the table exists, connections open
            print(f"# load average {os.getloadavg()[0]:.2f}; wrk -t1 -c{connections} "
                  f"-d{duration}s POST /api/guestbook through the load balancer; both front ends "
                  "in front of the same application and database processes")
            for _ in range(rounds):
                for name, u, pids in stacks:
                    before = {k: cpu_s(p) for k, p in pids.items()}
                    r = run_wrk(u, duration, connections, script)
                    cpu = {k: 100.0 * (cpu_s(p) - before[k]) / duration for k, p in pids.items()}
                    busiest = ", ".join(f"{k} {v:.0f}%" for k, v in
                                        sorted(cpu.items(), key=lambda kv: -kv[1])[:6])
                    print(f"{name:<23} {r['rps']:8.0f} req/s  p50 {r['p50']:6.2f} ms  "
                          f"p99 {r['p99']:6.2f} ms  {r['errors'] or 'all 2xx'}  CPU: {busiest}",
                          flush=True)
        finally:
            for p in real.values():
                p.terminate()
                p.wait(timeout=10)
            up_proc.send_signal(signal.SIGTERM)
            up_proc.wait(timeout=30)


if __name__ == "__main__":
    main()
