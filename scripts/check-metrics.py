#!/usr/bin/env python3
"""Reads a semco-zoom metrics file with the Prometheus project's own parser
(prometheus_client.parser) and checks its values against the run's report.json and
api-calls.jsonl. Usage: check-metrics.py METRICS_FILE REPORT_JSON EXIT_CODE
Prints one line per check (OK / FAIL) and exits 1 when any check failed."""
import json
import os
import sys

from prometheus_client.parser import text_string_to_metric_families

metrics_path, report_path, exit_code = sys.argv[1], sys.argv[2], int(sys.argv[3])
failures = 0


def check(condition, what):
    global failures
    print(("OK    " if condition else "FAIL  ") + "metrics: " + what)
    if not condition:
        failures += 1


with open(metrics_path, encoding="utf-8") as f:
    text = f.read()
with open(report_path, encoding="utf-8") as f:
    report = json.load(f)
with open(os.path.join(os.path.dirname(report_path), "api-calls.jsonl"), encoding="utf-8") as f:
    calls = [json.loads(line) for line in f if line.strip()]

try:
    families = list(text_string_to_metric_families(text))
except ValueError as error:
    print(f"FAIL  metrics: prometheus_client cannot parse the file: {error}")
    sys.exit(1)
sample_lines = [line for line in text.splitlines() if line and not line.startswith("#")]
samples = {}
types = {}
for family in families:
    types[family.name] = family.type
    for sample in family.samples:
        samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
check(len(samples) == len(sample_lines), f"prometheus_client read every sample line ({len(samples)} of {len(sample_lines)})")
check(all(f.name.startswith("semco_zoom_") for f in families), "every name starts with semco_zoom_")
check(all(f.documentation for f in families), "every family has HELP")
check(types.get("semco_zoom_runs") == "counter", "semco_zoom_runs_total is a counter")
check(all(t == "gauge" for n, t in types.items() if n != "semco_zoom_runs"), "every other family is a gauge")
check(oct(os.stat(metrics_path).st_mode & 0o777) == "0o644", "file mode 0644")


def value(name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))))


def family_samples(name):
    return {tuple(sorted(labels)): v for (n, labels), v in samples.items() if n == name}


check(value("semco_zoom_last_run_exit_code") == exit_code == report["exit_code"], f"exit code {exit_code}")
check(value("semco_zoom_last_run_info", mode=report["mode"]) == 1, f"mode {report['mode']}")
check(value("semco_zoom_runs_total", mode=report["mode"], exit_code=str(exit_code)) == 1, "runs_total counts this run")
actions = {}
for action in report["actions"]:
    key = (("kind", action["kind"]), ("status", action["status"]))
    actions[key] = actions.get(key, 0) + 1
check(family_samples("semco_zoom_last_run_actions") == actions, f"actions by kind and status ({sum(actions.values())})")
for severity, key in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
    check(value("semco_zoom_last_run_diagnostics", severity=severity) == report["counts"][key], f"{key}: {report['counts'][key]}")
for result in ("ok", "failed", "deferred"):
    count = sum(1 for c in report["courses"] if c["result"] == result)
    check(value("semco_zoom_last_run_courses", result=result) == count, f"courses {result}: {count}")
check(sum(family_samples("semco_zoom_last_run_zoom_requests").values()) == len(calls), f"Zoom requests: {len(calls)}")
check(value("semco_zoom_last_run_zoom_retries") == sum(1 for c in calls if c.get("attempt", 1) > 1), "retries")
throttled = sum(1 for c in calls if c.get("status") == 429)
check(sum(family_samples("semco_zoom_last_run_zoom_rate_limited_responses").values()) == throttled, f"429 answers: {throttled}")
ratio = value("semco_zoom_last_run_zoom_rate_limit_wait_ratio")
check(ratio is not None and 0 <= ratio <= 1, f"rate-limit wait ratio {ratio}")
print(f"check-metrics: {len(calls)} calls, {value('semco_zoom_last_run_duration_seconds')} s, "
      f"{value('semco_zoom_last_run_zoom_rate_limit_wait_seconds')} s waiting on rate limits")
sys.exit(1 if failures else 0)
