#!/usr/bin/env python3
"""The path a user's write really takes: POST /api/guestbook through the reference design under
`infrastage-cli up` (DNS aside): load balancer -> web -> application -> primary database, which
replicates to the replica. `wrk` with a Lua script posts form-encoded messages on N keep-alive
connections; prints requests/s, latency p50/p99, non-2xx answers, and the CPU of every process.
Not a test; figures go to docs/benchmarks.md.

usage: bench_guestbook_post.py BIN_DIR [--duration S] [--connections N] [--rounds N]
"""
import os, signal, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runtime"))
from bench_up_vs_real import cpu_s, parse_wrk, start_up, wait_http  # noqa: E402

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


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    bin_dir = os.path.abspath(args[0])

    def opt(name, default):
        return int(args[args.index(name) + 1]) if name in args else default
    duration, connections, rounds = opt("--duration", 5), opt("--connections", 16), opt("--rounds", 2)
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
            run_wrk(url, 1, connections, script)  # warm-up: the table exists, connections open
            pids = {n["node"]: n["pid"] for n in nodes}
            print(f"# load average {os.getloadavg()[0]:.2f}; wrk -t1 -c{connections} "
                  f"-d{duration}s POST /api/guestbook through the load balancer")
            for _ in range(rounds):
                before = {k: cpu_s(p) for k, p in pids.items()}
                r = run_wrk(url, duration, connections, script)
                cpu = {k: 100.0 * (cpu_s(p) - before[k]) / duration for k, p in pids.items()}
                busiest = ", ".join(f"{k} {v:.0f}%" for k, v in
                                    sorted(cpu.items(), key=lambda kv: -kv[1])[:5])
                print(f"infrastage up  {r['rps']:8.0f} req/s  p50 {r['p50']:6.2f} ms  "
                      f"p99 {r['p99']:6.2f} ms  {r['errors'] or 'all 2xx'}  CPU: {busiest}")
        finally:
            up_proc.send_signal(signal.SIGTERM)
            up_proc.wait(timeout=30)


if __name__ == "__main__":
    main()
