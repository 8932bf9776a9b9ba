#!/usr/bin/env python3
"""What enforcing the firewalls costs: the secured-monitored design under `infrastage-cli up`,
with its firewalls and with them taken out (the user's link goes to the load balancer again),
in ONE run, alternating. wrk against Server 1's Nginx directly (port 80 is open to the Internet
on its host firewall): with `Connection: close` every request is a new connection, so every
request passes the firewall's accept decision; with keep-alive only the first does. Prints
requests/s per case, the Nginx process's own CPU time per request (the figure the machine's
other load does not blur) and the firewall events the run recorded. Not a test; figures go to
docs/benchmarks.md.

usage: bench_firewall.py BIN_DIR [--duration S] [--rounds N]
"""
import json, os, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DESIGN = os.path.join(ROOT, "examples", "secured-monitored.infra.json")


def without_firewalls(design):
    t = json.loads(json.dumps(design))
    walls = {n["id"] for n in t["nodes"] if n["kind"] == "firewall"}
    t["nodes"] = [n for n in t["nodes"] if n["id"] not in walls]
    links = []
    for l in t["links"]:
        if l["id"] == "internet":
            l["to"] = "lb"
        if l["from"] in walls or l["to"] in walls:
            continue
        links.append(l)
    t["links"] = links
    return t


HZ = os.sysconf("SC_CLK_TCK")


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ  # utime + stime


def wrk(url, duration, close):
    args = ["wrk", "-t1", "-c16", f"-d{duration}s", url]
    if close:
        args[1:1] = ["-H", "Connection: close"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=duration + 30).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return float(m.group(1)) if m else 0.0, errors.group(1) if errors else ""


def run_case(bin_dir, path, duration, workdir):
    run_dir = tempfile.mkdtemp(dir=workdir)
    up = subprocess.Popen([os.path.join(bin_dir, "infrastage-cli"), "up", path, "--run-dir",
                           run_dir], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    web = None
    for line in up.stdout:
        node = json.loads(line)
        if node.get("node") == "server-1-web":
            web = f"http://{node['address']}:{node['port']}/"
            pid = node["pid"]
        if node.get("node") == "dns":  # the last one started
            break
    results = {}
    for close in (True, False):
        before = cpu_s(pid)
        rate, errors = wrk(web, duration, close)
        # Its own CPU per request: what the machine's other load cannot blur.
        us = (cpu_s(pid) - before) * 1e6 / max(rate * duration, 1)
        results[close] = (rate, errors, us)
    up.send_signal(signal.SIGINT)
    up.wait(timeout=30)
    db = sqlite3.connect(os.path.join(run_dir, "events.sqlite"))
    events = db.execute("SELECT kind, count(*) FROM run_events WHERE kind LIKE 'firewall.%' "
                        "GROUP BY kind").fetchall()
    db.close()
    return results, dict(events)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bin_dir = sys.argv[1]
    duration = int(sys.argv[sys.argv.index("--duration") + 1]) if "--duration" in sys.argv else 5
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 2
    workdir = tempfile.mkdtemp(prefix="bench-firewall-")
    with open(DESIGN) as f:
        design = json.load(f)
    open_path = os.path.join(workdir, "open.infra.json")
    with open(open_path, "w") as f:
        json.dump(without_firewalls(design), f)
    cases = [("with firewalls", DESIGN), ("without firewalls", open_path)]
    print(f"wrk -t1 -c16 -d{duration}s against server-1-web, {rounds} rounds")
    print(f"{'case':<20}{'round':>6}{'new conn req/s':>16}{'(us CPU/req)':>14}"
          f"{'keep-alive req/s':>18}{'(us CPU/req)':>14}  events")
    for r in range(rounds):
        for name, path in (cases if r % 2 == 0 else cases[::-1]):  # neither always first
            results, events = run_case(bin_dir, path, duration, workdir)
            close, keep = results[True], results[False]
            print(f"{name:<20}{r + 1:>6}{close[0]:>16.0f}{close[2]:>14.1f}{keep[0]:>18.0f}"
                  f"{keep[2]:>14.1f}  {events}"
                  + (f"  errors: {close[1]} / {keep[1]}" if close[1] or keep[1] else ""))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
