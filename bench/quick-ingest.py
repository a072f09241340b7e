#!/usr/bin/env python3
"""Quick ingest benchmark for the Aggregation HTTP API (Python 3.11 standard library only).

Creates province QB under VN with districts QB-D{i} (15 communes each) and communes QB-C{i},
then measures: burst reports/s and PUT latency, time until the root VN shows the burst's
totals, idle freshness (PUT response -> root visible) over 50 sequential corrections,
and drift found by POST /api/admin/verify/VN/{period}.
Use a period no earlier run used: the totals checks assume only this run's reports exist there.
"""
import argparse, http.client, json, os, random, shlex, sys, threading, time, urllib.parse

PER_DISTRICT = 15


class Client:
    """One persistent HTTP/1.1 connection; reconnects once if the server dropped it."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data else {}
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                raw = resp.read()
                return resp.status, (json.loads(raw) if raw else None)
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    raise


def parallel(url, items, work, concurrency):
    """Runs work(client, item) over items on `concurrency` threads, one connection each."""
    it, lock, results, errors = iter(items), threading.Lock(), [], []

    def worker():
        client = Client(url)
        while True:
            with lock:
                item = next(it, None)
            if item is None:
                return
            try:
                r = work(client, item)
                with lock:
                    results.append(r)
            except Exception as e:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{item}: {e}")

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit(f"{len(errors)} failures, first: {errors[0]}")
    return results


def expect_ok(status, body, what):
    if status != 200:
        raise RuntimeError(f"{what} -> {status} {json.dumps(body)[:300]}")
    return body


def report_values(rng):
    """A plausible, valid commune report: counts are integers, parts never exceed wholes."""
    hh = rng.randint(2000, 6000)
    pop = int(hh * rng.uniform(3.4, 4.0))
    births = int(pop * rng.uniform(0.012, 0.018))
    boys = round(births * rng.uniform(0.50, 0.54))
    income = round(hh * rng.uniform(0.04, 0.09), 2)  # billion VND
    agri, ind = round(income * rng.uniform(0.06, 0.12), 2), round(income * rng.uniform(0.30, 0.40), 2)
    weighed = int(pop * rng.uniform(0.06, 0.08))
    dossiers = rng.randint(300, 1500)
    plan = rng.randint(4000, 15000)  # million VND
    return {
        "households": hh, "poor_households": max(1, round(hh * rng.uniform(0.01, 0.03))),
        "cultural_households": int(hh * rng.uniform(0.90, 0.98)), "population": pop,
        "income_total": income, "income_agriculture": agri, "income_industry": ind,
        "income_services": round(income - agri - ind, 2),
        "births_boys": boys, "births_girls": births - boys, "deaths": int(pop * rng.uniform(0.005, 0.008)),
        "children_under5_weighed": weighed, "children_under5_malnourished": int(weighed * rng.uniform(0.04, 0.08)),
        "insured_people": int(pop * rng.uniform(0.90, 0.99)),
        "budget_revenue": round(plan * rng.uniform(0.95, 1.25), 2), "budget_revenue_plan": plan,
        "dossiers_total": dossiers, "dossiers_online_l34": int(dossiers * rng.uniform(0.80, 0.97)),
        "ntm_criteria_met": rng.randint(15, 19),
    }


def pct(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def root_elements(client, period):
    return expect_ok(*client.call("GET", f"/api/units/VN/indicators/{period}"), "root indicators")["elements"]


def wait_root(client, period, element, want, timeout=120.0):
    """Polls the root until elements[element] == want; returns (seconds from call, polls)."""
    start, polls = time.perf_counter(), 0
    while True:
        polls += 1
        got = root_elements(client, period).get(element)
        if got is not None and int(got) == want:
            return time.perf_counter() - start, polls
        if time.perf_counter() - start > timeout:
            sys.exit(f"root {element} still {got}, expected {want}, after {timeout}s")
        time.sleep(0.002)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:5080")
    ap.add_argument("--communes", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--period", default="2031")
    ap.add_argument("--corrections", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng, c = random.Random(a.seed), Client(a.url)
    n, districts = a.communes, (a.communes + PER_DISTRICT - 1) // PER_DISTRICT

    # Setup (not timed): province, districts, communes. PUT is an upsert, so re-runs are fine.
    t0 = time.perf_counter()
    put_unit = lambda cl, u: expect_ok(*cl.call("PUT", f"/api/units/{u[0]}", {"name": u[1], "level": u[2], "parent": u[3]}), u[0])
    put_unit(c, ("QB", "Tỉnh Quick Bench", "province", "VN"))
    parallel(a.url, [(f"QB-D{d}", f"Huyện QB {d}", "district", "QB") for d in range(districts)], put_unit, a.concurrency)
    parallel(a.url, [(f"QB-C{i}", f"Xã QB {i}", "commune", f"QB-D{i // PER_DISTRICT}") for i in range(n)], put_unit, a.concurrency)
    print(f"setup: 1 province, {districts} districts, {n} communes in {time.perf_counter() - t0:.1f}s")

    # Burst: every commune submits once.
    reports = {f"QB-C{i}": report_values(rng) for i in range(n)}

    def submit(cl, code):
        s = time.perf_counter()
        expect_ok(*cl.call("PUT", f"/api/units/{code}/reports/{a.period}", {"values": reports[code]}), code)
        return time.perf_counter() - s

    cpu0, w0 = os.times(), time.perf_counter()
    lat = parallel(a.url, list(reports), submit, a.concurrency)
    wall, cpu1 = time.perf_counter() - w0, os.times()
    client_cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    households = sum(v["households"] for v in reports.values())
    fresh, polls = wait_root(c, a.period, "households", households)

    # Freshness at idle: sequential corrections of poor_households, PUT response -> root shows it.
    poor = sum(v["poor_households"] for v in reports.values())
    idle, first_poll = [], 0
    for k in range(a.corrections):
        code = f"QB-C{(k * 7919) % n}"
        reports[code]["poor_households"] += 1
        poor += 1
        expect_ok(*c.call("PUT", f"/api/units/{code}/reports/{a.period}", {"values": reports[code]}), code)
        delay, tries = wait_root(c, a.period, "poor_households", poor)
        idle.append(delay)
        first_poll += tries == 1
    get_rtt = []
    for _ in range(20):
        s = time.perf_counter()
        root_elements(c, a.period)
        get_rtt.append(time.perf_counter() - s)

    verify = expect_ok(*c.call("POST", f"/api/admin/verify/VN/{a.period}"), "verify")
    drift = len(verify.get("drift") or [])

    ms = lambda x: f"{x * 1000:.1f} ms"
    rows = [
        ("reports submitted", f"{n} ({districts} districts, concurrency {a.concurrency}, period {a.period})"),
        ("burst wall time", f"{wall:.2f} s"),
        ("reports/s", f"{n / wall:.0f}"),
        ("PUT latency p50 / p99 / max", f"{ms(pct(lat, 50))} / {ms(pct(lat, 99))} / {ms(max(lat))}"),
        ("client CPU during burst", f"{client_cpu:.2f} s = {100 * client_cpu / wall:.0f}% of one core (GIL caps ~100%)"),
        ("last PUT -> root households fresh", f"{ms(fresh)} ({polls} polls)"),
        (f"idle freshness p50 / p99 / max (n={len(idle)})", f"{ms(pct(idle, 50))} / {ms(pct(idle, 99))} / {ms(max(idle))}"
         f" ({first_poll} seen on the first poll)"),
        ("root GET round trip p50 (poll resolution)", ms(pct(get_rtt, 50))),
        ("verify VN drift entries", f"{drift} (leaves checked {verify.get('leavesChecked')})"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print("command:", shlex.join(["python3", *sys.argv]))
    if drift:
        print(json.dumps(verify["drift"][:5], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
