#!/usr/bin/env python3
"""Quick what-if latency under a national-shaped tree (Python 3.11 standard library only).

Adds provinces P{i} under VN with districts (11 each) and communes (15 each) until --communes,
submits one report per commune for --period, then times, sequentially:
  - a one-commune override evaluated at the nation (unit VN), and
  - a district-wide override (every commune of one district) evaluated at that district.
Run against a fresh service; the tree is created once per data directory (--skip-setup reuses it).
"""
import argparse, http.client, json, random, statistics, sys, threading, time, urllib.parse

def client(url):
    u = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(u.hostname, u.port or 80, timeout=120)

def call(conn, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    conn.request(method, path, body=data, headers={"Content-Type": "application/json"} if data else {})
    r = conn.getresponse()
    raw = r.read()
    return r.status, (json.loads(raw) if raw else None)

def parallel(url, items, work, threads=32):
    items, lock, errors = list(items), threading.Lock(), []
    def run():
        conn = client(url)
        while True:
            with lock:
                if not items:
                    return
                item = items.pop()
            status, body = work(conn, item)
            if status >= 300:
                errors.append((item, status, body))
    ts = [threading.Thread(target=run) for _ in range(threads)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    if errors:
        sys.exit(f"setup failed: {errors[:3]}")

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:5080")
    ap.add_argument("--communes", type=int, default=10599)
    ap.add_argument("--period", default="2035")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--skip-setup", action="store_true")
    a = ap.parse_args()
    per_district, per_province = 15, 11
    communes = [f"C{i}" for i in range(a.communes)]
    districts = [f"D{i}" for i in range((a.communes + per_district - 1) // per_district)]
    provinces = [f"P{i}" for i in range((len(districts) + per_province - 1) // per_province)]
    if not a.skip_setup:
        t0 = time.time()
        unit = lambda code, level, parent: lambda c, _: call(c, "PUT", f"/api/units/{code}", {"name": code, "level": level, "parent": parent})
        parallel(a.url, provinces, lambda c, p: unit(p, "province", "VN")(c, p))
        parallel(a.url, enumerate(districts), lambda c, d: unit(d[1], "district", provinces[d[0] // per_province])(c, d))
        parallel(a.url, enumerate(communes), lambda c, x: unit(x[1], "commune", districts[x[0] // per_district])(c, x))
        rng = random.Random(1)
        def report(c, code):
            h = rng.randint(2000, 6000)
            return call(c, "PUT", f"/api/units/{code}/reports/{a.period}",
                        {"values": {"households": h, "poor_households": rng.randint(h // 100, h // 30), "population": h * 3, "income_total": round(rng.uniform(400, 1200), 2)}})
        parallel(a.url, communes, report)
        print(f"setup: {len(provinces)} provinces, {len(districts)} districts, {len(communes)} communes and reports in {time.time() - t0:.1f} s")
    conn = client(a.url)
    def timed(body):
        t = time.perf_counter()
        status, result = call(conn, "POST", "/api/what-if", body)
        if status != 200:
            sys.exit(f"what-if answered {status}: {result}")
        return (time.perf_counter() - t) * 1000, result
    one = {"unit": "VN", "period": a.period, "overrides": [{"unit": communes[len(communes) // 2], "element": "poor_households", "scale": 0.5}]}
    district = {"unit": districts[0], "period": a.period, "overrides": [{"unit": districts[0], "element": "poor_households", "scale": 0.5}]}
    for name, body in (("one commune at the nation (unit VN)", one), (f"district-wide at the district ({per_district} communes)", district)):
        for _ in range(5):
            timed(body)  # warm-up
        ms = [timed(body)[0] for _ in range(a.runs)]
        print(f"{name:52s} p50 {statistics.median(ms):7.1f} ms  p99 {pct(ms, 99):7.1f} ms  (n={a.runs})")
    print("command: python3 bench/quick-whatif.py " + " ".join(sys.argv[1:]))

main()
