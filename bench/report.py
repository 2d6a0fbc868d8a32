#!/usr/bin/env python3
"""Turns bench/run's measurements (JSON lines) into the markdown table of bench/results/latest.md.
Every ratio compares figures measured in the same run."""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--results", required=True)
ap.add_argument("--metrics", required=True)
ap.add_argument("--seconds", type=int, required=True)
ap.add_argument("--mariadb", default="")
args = ap.parse_args()

lines = [json.loads(line) for line in open(args.results) if line.strip()]


def merge_trials(trials):
    """A row's trials (bench/run takes them in rounds, one line each) as one row: the median trial,
    with every trial's rate and the errors of all."""
    if len(trials) == 1:
        return trials[0]
    trials = sorted(trials, key=lambda r: r["rate"])
    row = dict(trials[len(trials) // 2])
    row["trials"] = sorted(t for r in trials for t in r.get("trials", [r["rate"]]))
    errors = {}
    for r in trials:
        e = r.get("errors", {})
        for k, v in (e.items() if isinstance(e, dict) else [("errors", e)]):
            if v:
                errors[k] = errors.get(k, 0) + v
    row["errors"] = errors
    return row


rows, by_row = [], {}
for r in lines:
    if "scenario" not in r:
        rows.append(r)
        continue
    key = (r["scenario"], r.get("concurrency"))
    if key not in by_row:
        by_row[key] = []
        rows.append(key)
    by_row[key].append(r)
rows = [merge_trials(by_row[r]) if isinstance(r, tuple) else r for r in rows]


def find(scenario, c):
    for r in rows:
        if r.get("scenario") == scenario and r.get("concurrency") == c:
            return r
    return None


def rate(scenario, c):
    r = find(scenario, c)
    return r["rate"] if r else 0.0


# Round trips and calls to personnel-svc per call, from the services' own counters.
calls, round_trips, outbound = {}, {}, {}
for path in args.metrics.split(","):
    for line in open(path):
        m = re.match(r'xianfu_rpc_total\{code="OK",method="([^"]+)"\} ([0-9.e+]+)', line)
        if m:
            calls[m.group(1)] = calls.get(m.group(1), 0) + float(m.group(2))
        m = re.match(r'xianfu_rpc_total\{code="[A-Z_]+",method="([^"]+)"\} ([0-9.e+]+)', line)
        if m and 'code="OK"' not in line:
            calls[m.group(1) + "#all"] = calls.get(m.group(1) + "#all", 0) + float(m.group(2))
        m = re.match(r'xianfu_rpc_db_round_trips_total\{method="([^"]+)"\} ([0-9.e+]+)', line)
        if m:
            round_trips[m.group(1)] = float(m.group(2))
        m = re.match(r'xianfu_rpc_outbound_calls_total\{method="([^"]+)"\} ([0-9.e+]+)', line)
        if m:
            outbound[m.group(1)] = float(m.group(2))


def per_call(counter, method):
    n = calls.get(method, 0) + calls.get(method + "#all", 0)
    return counter.get(method, 0) / n if n else 0


cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
cores = os.cpu_count()
secs = args.seconds
out = []
w = out.append
w("# Benchmark results (bench/run)")
w("")
w(f"Measured {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()}: "
  f"{cores} cores ({cpu}), Linux {platform.release()}, MariaDB {args.mariadb} "
  "(innodb_flush_log_at_trx_commit=1, on the same machine). Everything on loopback; the load generator, the "
  "services and MariaDB share the cores. Each row: trials of 1 s warm-up and "
  f"{secs} s measured, closed loop (each finished call replaced by the next), every call's gRPC status checked; "
  "the trials are taken in rounds, every row once a round, and the median trial is reported with the range of all "
  "trials (this machine's neighbours make a trial noisy; a slow spell falls on one trial of every row).")
w("")
w("| row | tool | concurrency | duration | rate (calls/s, median) | range of trials | p50 ms | p99 ms | errors |")
w("| --- | --- | --- | --- | ---: | --- | ---: | ---: | --- |")
labels = [
    ("health", "grpc.health.v1 Check (the framework's floor)", "xianfu-bench (gRPC C++ async)"),
    ("health-h2load", "grpc.health.v1 Check (cross-check)", "h2load, 4 connections × 4 streams"),
    ("get-official", "personnel GetOfficial", "xianfu-bench"),
    ("resolve-acting", "personnel ResolveActing", "xianfu-bench"),
    ("create-conduct-record", "personnel CreateConductRecord (a write)", "xianfu-bench"),
    ("create-conduct-record-inproc", "the same write without gRPC (in-process handler)", "xianfu-bench-inproc (threads)"),
    ("create-document", "document CreateDocument (a write; asks personnel-svc at most once)", "xianfu-bench"),
    ("review-document", "document ReviewDocument (routed to the acting leader via personnel-svc)", "xianfu-bench"),
    ("create-matter", "meeting CreateMatter (a write; asks personnel-svc at most once)", "xianfu-bench"),
    ("create-task", "supervision CreateTask (a write with its reminder timers; asks personnel-svc at most once)", "xianfu-bench"),
    ("sysbench-oltp-insert", "MariaDB single-row durable insert (the database's floor)", "sysbench oltp_insert"),
]
for scenario, label, tool in labels:
    for c in (1, 16):
        r = find(scenario, c)
        if not r:
            continue
        errors = r.get("errors", {})
        errors = ", ".join(f"{k} {v}" for k, v in errors.items()) if isinstance(errors, dict) else str(errors)
        trials = r.get("trials", [])
        duration = f"{len(trials)} × {float(r.get('seconds', secs)):.1f} s" if trials else f"{float(r.get('seconds', secs)):.1f} s"
        spread = f"{min(trials):,.0f}–{max(trials):,.0f}" if trials else "–"
        p50 = f"{r['p50_ms']:.2f}" if "p50_ms" in r else "–"
        p99 = f"{r['p99_ms']:.2f}" if "p99_ms" in r else "–"
        w(f"| {label} | {tool} | {c} | {duration} | {r['rate']:,.0f} | {spread} | {p50} | {p99} | {errors or '0'} |")
w("")
w("## Ratios (same run)")
w("")
w("| target | measured | goal | met |")
w("| --- | ---: | ---: | --- |")


def ratio(label, num, den, goal):
    value = num / den if den else 0
    w(f"| {label} | {value:.0%} ({num:,.0f} / {den:,.0f}) | ≥ {goal:.0%} | {'yes' if value >= goal else 'NO'} |")


ratio("ResolveActing ÷ health floor, 16 concurrent", rate("resolve-acting", 16), rate("health", 16), 0.5)
ratio("personnel write ÷ MariaDB single-row insert, 16 concurrent", rate("create-conduct-record", 16),
      rate("sysbench-oltp-insert", 16), 0.25)
ratio("personnel write ÷ the same transaction without gRPC, 16 concurrent", rate("create-conduct-record", 16),
      rate("create-conduct-record-inproc", 16), 0.9)
for service, scenario in (("document", "create-document"), ("meeting", "create-matter"),
                          ("supervision", "create-task")):
    ratio(f"{service} write ÷ MariaDB single-row insert, 16 concurrent", rate(scenario, 16),
          rate("sysbench-oltp-insert", 16), 0.25)
w("")
w("## CPU per call (µs, 16 concurrent, the median trial's measured window)")
w("")
w("User and system CPU of each process from /proc/<pid>/stat over the measured window, divided by the calls "
  "finished in it; the machine's busy share from /proc/stat (all cores; idle, iowait and steal are not busy). "
  "The last column is the rate the row's CPU per call would allow if every core were busy: a row well below it "
  "waits (on MariaDB's log flush, on wake-ups) rather than computes.")
w("")
procs = ["load generator", "personnel-svc", "document-svc", "meeting-svc", "supervision-svc", "MariaDB"]
w("| row | " + " | ".join(procs) + " | all | machine busy | rate at all cores busy |")
w("| --- |" + " ---: |" * (len(procs) + 3))
cpu_totals = {}
for scenario, label, tool in labels:
    r = find(scenario, 16)
    if not r or not r.get("cpu_us_per_call"):
        continue
    us = dict(r["cpu_us_per_call"])
    if "in-process bench" in us:  # the in-process write runs personnel-svc's code in the bench itself
        us["personnel-svc"] = us.pop("in-process bench")
        us["load generator"] = 0.0
    total = sum(us.values())
    if not total:
        continue
    cpu_totals[scenario] = total
    busy = f"{r['machine_busy']:.0%}" if "machine_busy" in r else "–"
    cells = [f"{us[p]:,.0f}" if p in us else "–" for p in procs]
    w(f"| {label.split(' (')[0]} | " + " | ".join(cells) + f" | {total:,.0f} | {busy} | "
      f"{cores * 1e6 / total:,.0f} |")
if "create-conduct-record" in cpu_totals and "create-conduct-record-inproc" in cpu_totals:
    grpc_cost = cpu_totals["create-conduct-record"] - cpu_totals["create-conduct-record-inproc"]
    w("")
    w(f"Through gRPC the personnel write costs {grpc_cost:,.0f} µs of CPU more per call than in-process "
      f"({cpu_totals['create-conduct-record']:,.0f} against {cpu_totals['create-conduct-record-inproc']:,.0f}); "
      f"a health check, the framework's floor, costs {cpu_totals.get('health', 0):,.0f} µs in all. In the "
      "in-process row the personnel-svc column is the bench process, which runs personnel-svc's handler.")
w("")
w("## Round trips per call (the services' own counters over the whole run)")
w("")
w("| method | database round trips per call | calls to personnel-svc per call |")
w("| --- | ---: | ---: |")
for method in [
    "/xianfu.personnel.v1.PersonnelService/GetOfficial",
    "/xianfu.personnel.v1.PersonnelService/ResolveActing",
    "/xianfu.personnel.v1.PersonnelService/BatchLookup",
    "/xianfu.personnel.v1.PersonnelService/CreateConductRecord",
    "/xianfu.document.v1.DocumentService/CreateDocument",
    "/xianfu.document.v1.DocumentService/SubmitDocument",
    "/xianfu.document.v1.DocumentService/ReviewDocument",
    "/xianfu.meeting.v1.MeetingService/CreateMatter",
    "/xianfu.supervision.v1.SupervisionService/CreateTask",
]:
    w(f"| {method.split('/')[-1]} ({method.split('.')[1]}) | {per_call(round_trips, method):.2f} | "
      f"{per_call(outbound, method):.2f} |")
w("")
w("A round trip is one exchange with MariaDB (a statement executed, a COMMIT, a prepare on a connection's first use of "
  "a statement, a connection's set-up). BatchLookup's round trips are its organisation-version check and the lease "
  "windows it reserves; ResolveActing answers from memory. A call to personnel-svc is one the organisation directory "
  "sent: answers it keeps under personnel-svc's lease are not counted (docs/architecture.md).")
w("")
w("## Memory (VmRSS)")
w("")
services = ["personnel", "document", "meeting", "supervision"]
w("| when | " + " | ".join(f"{svc}-svc | of which its own (RssAnon)" for svc in services) + " |")
w("| --- |" + " ---: | ---: |" * len(services))
for r in rows:
    if r.get("kind") == "rss":
        cells = []
        for svc in services:
            if f"{svc}_kb" in r:
                cells += [f"{r[svc + '_kb'] / 1024:.1f} MB", f"{r.get(svc + '_anon_kb', 0) / 1024:.1f} MB"]
            else:
                cells += ["–", "–"]
        w(f"| {r['when']} | " + " | ".join(cells) + " |")
w("")
w("VmRSS counts the pages of the shared libraries a process has touched (gRPC, OpenSSL, protobuf, "
  "the C++ runtime: about 24 MB here), which every service on a node shares; RssAnon is the memory the "
  "service itself holds.")
print("\n".join(out))
