#!/usr/bin/env python3
"""Reads the runs of scripts/bench-api.sh and prints the API benchmark table (Markdown).

For each run folder (first-sync, no-change-night) it reads api-calls.jsonl (one line per HTTP
attempt the client made), the --json summary (stdout) and /usr/bin/time -v output, and
computes: calls per Zoom rate label and per method, write calls, the lower bound of the run
(max over labels of calls / allowed per-second rate; calls x latency / concurrency; the longest
serial chain of one course x latency) and the ratio of the measured API wall time to it.

Exit 0 when the targets hold (first sync <= 1.15 x lower bound, no-change night without
writes, write calls == Zoom-write actions), 2 when one is missed.
"""
import argparse
import collections
import datetime
import json
import os
import re
import sys

RATES = {"pro": {"Light": 30, "Medium": 20, "Heavy": 10}, "business": {"Light": 80, "Medium": 60, "Heavy": 40}}
TARGET = 1.15


def label(method, path):
    """Zoom's rate label of a call (docs/SIMULATOR.md, Zoom's OpenAPI documents)."""
    p = re.sub(r"^/v2(?=/)", "", path)
    parts = p.strip("/").split("/")
    if p.startswith("/oauth"):
        return "OAuth"
    if parts[0] == "users":
        if len(parts) == 2:
            return "Light"
        return "Light" if method == "POST" else "Medium"
    if parts[0] in ("meetings", "webinars"):
        if len(parts) == 2:
            return "Light"
        if parts[2] == "batch_registrants":
            return "Heavy"
        if parts[2] == "registrants":
            if len(parts) == 3:
                return "Medium" if method == "GET" else "Light"
            if parts[3] == "status":
                return "Medium"
            return "Light"
    return "Light"


def kind(method, path):
    """A short name of the endpoint, ids replaced."""
    p = re.sub(r"^/v2(?=/)", "", path)
    p = re.sub(r"/\d{6,}", "/{id}", p)
    p = re.sub(r"/registrants/(?!status)[^/]+$", "/registrants/{registrantId}", p)
    return f"{method} {p}"


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def wall_seconds(time_file):
    with open(time_file) as f:
        for line in f:
            if "Elapsed (wall clock)" in line:
                value = line.split(": ", 1)[1].strip()
                seconds = 0.0
                for part in value.split(":"):
                    seconds = seconds * 60 + float(part)
                return seconds
    return None


def time_field(time_file, name):
    with open(time_file) as f:
        for line in f:
            if name in line:
                return float(line.split(": ", 1)[1])
    return 0.0


def analyse(run, name, rates, latency, concurrency):
    folder = os.path.join(run, name)
    records = []
    with open(os.path.join(folder, "api-calls.jsonl")) as f:
        for line in f:
            line = line.strip()
            if line:
                records.append(json.loads(line))
    summary = {}
    try:
        with open(os.path.join(run, name + ".out")) as f:
            summary = json.load(f)
    except (OSError, ValueError):
        pass
    by_label = collections.Counter()
    by_kind = collections.Counter()
    per_course = collections.Counter()
    writes = retries = failures = 0
    first_start = last_end = None
    for r in records:
        lab = label(r["method"], r["path"])
        by_label[lab] += 1
        by_kind[kind(r["method"], r["path"])] += 1
        end = parse_time(r["time"])
        start = end - r.get("duration_ms", 0) / 1000
        first_start = start if first_start is None else min(first_start, start)
        last_end = end if last_end is None else max(last_end, end)
        if lab == "OAuth":
            continue
        if r.get("course"):
            per_course[r["course"]] += 1
        if r.get("attempt", 1) > 1:
            retries += 1
        if r.get("status") is None or r["status"] >= 400:
            failures += 1
        if r["method"] != "GET" and r.get("attempt", 1) == 1:
            writes += 1
    api_calls = sum(v for k, v in by_label.items() if k != "OAuth")
    bounds = {f"{k} {v} calls / {rates[k]}/s": v / rates[k] for k, v in by_label.items() if k in rates}
    bounds[f"latency: {api_calls} calls x {latency:.2f} s / {concurrency} in flight"] = api_calls * latency / concurrency
    if per_course:
        course, chain = per_course.most_common(1)[0]
        bounds[f"latency: course {course}'s {chain} serial calls x {latency:.2f} s"] = chain * latency
    bound_name, bound = max(bounds.items(), key=lambda kv: kv[1]) if bounds else ("-", 0.0)
    time_file = os.path.join(run, name + ".time")
    return {
        "name": name,
        "records": records,
        "by_label": by_label,
        "by_kind": by_kind,
        "api_calls": api_calls,
        "writes": writes,
        "retries": retries,
        "failures": failures,
        "zoom_write_actions": summary.get("counts", {}).get("zoomWrites"),
        "applied": summary.get("counts", {}).get("applied"),
        "exit": summary.get("exitCode"),
        "api_wall": (last_end - first_start) if records else 0.0,
        "wall": wall_seconds(time_file),
        "cpu": time_field(time_file, "User time (seconds)") + time_field(time_file, "System time (seconds)"),
        "rss_mb": time_field(time_file, "Maximum resident set size") / 1024,
        "bounds": bounds,
        "bound": bound,
        "bound_name": bound_name,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", required=True)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--plan", default="pro")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--size", default="S")
    parser.add_argument("--format", default="csv")
    parser.add_argument("--seed", default="1")
    args = parser.parse_args()
    rates = RATES[args.plan]
    latency = args.latency_ms / 1000
    runs = [analyse(args.run, n, rates, latency, args.concurrency) for n in ("first-sync", "no-change-night")]

    print(f"semco-zoom API benchmark: size {args.size}, format {args.format}, seed {args.seed}, "
          f"{datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ')}")
    print(f"simulator: {args.plan} per-second limits (Light {rates['Light']}, Medium {rates['Medium']}, Heavy {rates['Heavy']}), "
          f"{args.latency_ms} ms latency per answer; client: {args.concurrency} requests in flight")
    print()
    print("| run | exit | HTTP calls | Light | Medium | Heavy | write calls | Zoom-write actions | retries | non-2xx | "
          "wall s | API wall s | cpu s | peak RSS MB | lower bound s | API wall / bound |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        ratio = r["api_wall"] / r["bound"] if r["bound"] > 0 else float("nan")
        print(f"| {r['name']} | {r['exit']} | {r['api_calls']} | {r['by_label'].get('Light', 0)} | {r['by_label'].get('Medium', 0)} | "
              f"{r['by_label'].get('Heavy', 0)} | {r['writes']} | {r['zoom_write_actions']} | {r['retries']} | {r['failures']} | "
              f"{r['wall']:.1f} | {r['api_wall']:.1f} | {r['cpu']:.1f} | {r['rss_mb']:.1f} | {r['bound']:.1f} | {ratio:.2f} |")
    for r in runs:
        print()
        print(f"{r['name']}: lower bound {r['bound']:.1f} s ({r['bound_name']})")
        for name, value in sorted(r["bounds"].items(), key=lambda kv: -kv[1]):
            print(f"- {name}: {value:.1f} s")
        print(f"- calls per endpoint: " + ", ".join(f"{k} {v}" for k, v in sorted(r["by_kind"].items(), key=lambda kv: -kv[1])))

    first, night = runs
    problems = []
    if first["bound"] > 0 and first["api_wall"] > TARGET * first["bound"]:
        problems.append(f"first sync took {first['api_wall']:.1f} s of API time, more than {TARGET} x its lower bound {first['bound']:.1f} s")
    if night["writes"] != 0:
        problems.append(f"the no-change night made {night['writes']} write calls")
    if first["zoom_write_actions"] is not None and first["writes"] != first["zoom_write_actions"]:
        problems.append(f"first sync: {first['writes']} write calls for {first['zoom_write_actions']} Zoom-write actions")
    print()
    if problems:
        for p in problems:
            print(f"target missed: {p}")
        return 2
    print(f"targets met: first sync within {TARGET} x its lower bound, write calls = Zoom-write actions, no-change night without writes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
