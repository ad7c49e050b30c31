#!/usr/bin/env bash
# Checks the deployment files in deploy/:
#   - systemd: `systemd-analyze verify` of an instance of the service and the timer (skipped,
#     with the reason, when systemd-analyze is not installed; Debian package `systemd`), plus
#     the hardening and scheduling keys this project requires;
#   - Kubernetes: parses deploy/kubernetes/cronjob.yaml (python3 + PyYAML; skipped with the
#     reason when absent) and checks the keys a safe nightly run needs;
#   - command lines: the service's ExecStart= and the CronJob's args are ones the binary accepts
#     (scripts/check_command_line.py asks the binary itself; skipped when there is none);
#   - Containerfile: stages, images, build flags, runtime packages, user, entrypoint, where
#     completions and man page go (scripts/check_containerfile.py; needs python3).
# With --image also (minutes: a release build): builds the binary with the Containerfile's
# `swift build` flags into .build-static/, and fails unless every shared library `ldd` finds
# in it belongs (`dpkg -S`) to a package the runtime stage installs, to one of their
# dependencies, or to the C/C++ runtime every Debian image has (libc6, libgcc-s1, libstdc++6).
# That is the check of the image that cannot be built here; it runs on Debian with the
# runtime stage's packages installed (their -dev packages are the build's dependencies).
# Prints one line per check (OK / SKIP / FAIL) and exits 1 when any check failed.
# DEPLOY_DIR=… and CONTAINERFILE=… check other copies (the tests use them to prove that checks
# fail); SEMCO_ZOOM_BIN=… is the binary for the command lines (default .build/debug/semco-zoom).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IMAGE=0
for arg in "$@"; do
  case $arg in
    --image) IMAGE=1 ;;
    *) echo "usage: $0 [--image]" >&2; exit 64 ;;
  esac
done
DEPLOY=${DEPLOY_DIR:-$ROOT/deploy}
CONTAINERFILE=${CONTAINERFILE:-$ROOT/Containerfile}
BIN=${SEMCO_ZOOM_BIN:-$ROOT/.build/debug/semco-zoom}
export SEMCO_ZOOM_BIN=$BIN CHECK_DEPLOY_SCRIPTS=$ROOT/scripts
SERVICE="$DEPLOY/systemd/semco-zoom@.service"
TIMER="$DEPLOY/systemd/semco-zoom@.timer"
CRONJOB="$DEPLOY/kubernetes/cronjob.yaml"
FAILURES=0
ok() { echo "OK    $*"; }
skip() { echo "SKIP  $*"; }
fail() { echo "FAIL  $*"; FAILURES=$((FAILURES + 1)); }

for f in "$SERVICE" "$TIMER" "$CRONJOB" "$CONTAINERFILE"; do
  [ -f "$f" ] || fail "missing $f"
done
[ $FAILURES = 0 ] || exit 1

# ---------------------------------------------------------------- systemd: required keys
# has FILE KEY=VALUE-REGEX: an active (uncommented) line matching it.
has() { grep -Eq "^[[:space:]]*$2[[:space:]]*$" "$1"; }
require() {
  local file=$1 pattern=$2 why=$3
  if has "$file" "$pattern"; then ok "$(basename "$file"): $pattern"; else fail "$(basename "$file"): no line '$pattern' ($why)"; fi
}
require "$SERVICE" 'Type=oneshot' "a nightly batch job"
require "$SERVICE" '(DynamicUser=yes|User=[a-z][a-z0-9-]*)' "never run as root"
require "$SERVICE" 'ProtectSystem=strict' "read-only system"
require "$SERVICE" 'ReadWritePaths=.*drop.*' "the drop folder must stay writable"
require "$SERVICE" '(ReadWritePaths=.*/var/lib/semco-zoom/%i.*|StateDirectory=semco-zoom/%i)' "the state folder must stay writable"
require "$SERVICE" 'PrivateTmp=yes' "no shared /tmp"
require "$SERVICE" 'NoNewPrivileges=yes' "no privilege escalation"
require "$SERVICE" 'EnvironmentFile=/etc/semco-zoom/%i\.env' "credentials per instance"
require "$SERVICE" 'UMask=0077' "files owner-only"
require "$SERVICE" 'ExecStart=[^ ]*semco-zoom sync .*--drop .*--state .*' "the nightly command of the README"
if grep -Eq '^#?LoadCredential=' "$SERVICE" && grep -q 'client_secret_file' "$SERVICE"; then
  ok "semco-zoom@.service: documents LoadCredential= and client_secret_file"
else
  fail "semco-zoom@.service: should document the secret as a file (LoadCredential=, client_secret_file)"
fi
if grep -Eq 'ZOOM_CLIENT_SECRET=[^…[:space:]]' "$SERVICE"; then fail "semco-zoom@.service: holds a client secret"; fi
require "$TIMER" 'OnCalendar=.+' "a schedule"
require "$TIMER" 'Persistent=true' "catch up a missed night"
require "$TIMER" 'WantedBy=timers.target' "enable with the timer"

# ---------------------------------------------------------------- systemd-analyze verify
if command -v systemd-analyze >/dev/null 2>&1; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  # An instance of the template; ExecStart pointed at a stand-in, since verify insists that the
  # binary exists and this is not the machine it is installed on.
  printf '#!/bin/sh\nexit 0\n' >"$WORK/semco-zoom"
  chmod +x "$WORK/semco-zoom"
  sed "s|/usr/local/bin/semco-zoom|$WORK/semco-zoom|g" "$SERVICE" >"$WORK/semco-zoom@check.service"
  cp "$TIMER" "$WORK/semco-zoom@check.timer"
  OUTPUT=$(SYSTEMD_LOG_COLOR=0 systemd-analyze verify "$WORK/semco-zoom@check.service" "$WORK/semco-zoom@check.timer" 2>&1) && RC=0 || RC=$?
  if [ $RC = 0 ] && [ -z "$OUTPUT" ]; then
    ok "systemd-analyze verify: semco-zoom@.service and semco-zoom@.timer"
  else
    fail "systemd-analyze verify (exit $RC):"
    printf '%s\n' "$OUTPUT" | sed 's/^/      /'
  fi
  if systemd-analyze calendar "$(sed -n 's/^OnCalendar=//p' "$TIMER")" >/dev/null 2>&1; then
    ok "systemd-analyze calendar: $(sed -n 's/^OnCalendar=//p' "$TIMER")"
  else
    fail "systemd-analyze calendar does not accept the timer's OnCalendar"
  fi
else
  skip "systemd-analyze verify: systemd-analyze is not installed (Debian package 'systemd')"
fi

# ---------------------------------------------------------------- Kubernetes
if ! command -v python3 >/dev/null 2>&1; then
  skip "cronjob.yaml: python3 is not installed"
elif ! python3 -c 'import yaml' >/dev/null 2>&1; then
  skip "cronjob.yaml: PyYAML is not installed (Debian package 'python3-yaml')"
else
  python3 - "$CRONJOB" <<'PY' || FAILURES=$((FAILURES + 1))
import os
import sys
import yaml

path = sys.argv[1]
failures = 0

def check(condition, what):
    global failures
    print(("OK    " if condition else "FAIL  ") + "cronjob.yaml: " + what)
    if not condition:
        failures += 1

def get(node, *keys):
    for key in keys:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and len(node) > key else None
        else:
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return None
    return node

try:
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
except yaml.YAMLError as error:
    print(f"FAIL  cronjob.yaml: not valid YAML: {error}")
    sys.exit(1)
check(True, f"parses ({len(docs)} documents)")
by_kind = {}
for doc in docs:
    check(isinstance(doc, dict) and "apiVersion" in doc and "kind" in doc and get(doc, "metadata", "name"),
          f"{doc.get('kind', '?') if isinstance(doc, dict) else '?'} has apiVersion, kind, metadata.name")
    by_kind.setdefault(doc.get("kind"), []).append(doc)

for kind in ("CronJob", "Secret", "PersistentVolumeClaim"):
    check(len(by_kind.get(kind, [])) == 1, f"one {kind}")
if failures:
    sys.exit(1)
cron = by_kind["CronJob"][0]
secret = by_kind["Secret"][0]
pvc = by_kind["PersistentVolumeClaim"][0]

check(cron["apiVersion"] == "batch/v1", "CronJob apiVersion batch/v1")
spec = cron.get("spec", {})
check(isinstance(spec.get("schedule"), str) and len(spec["schedule"].split()) == 5, "schedule is a 5-field cron expression")
check(spec.get("concurrencyPolicy") == "Forbid", "concurrencyPolicy: Forbid")
check(isinstance(spec.get("startingDeadlineSeconds"), int) and spec["startingDeadlineSeconds"] > 0, "startingDeadlineSeconds set")
job = get(spec, "jobTemplate", "spec") or {}
check(isinstance(job.get("backoffLimit"), int) and job["backoffLimit"] >= 0, "jobTemplate backoffLimit set")
pod = get(job, "template", "spec") or {}
check(pod.get("restartPolicy") == "Never", "restartPolicy: Never")
check(pod.get("automountServiceAccountToken") is False, "no service account token mounted")
pod_sc = pod.get("securityContext") or {}
containers = pod.get("containers") or []
check(len(containers) == 1, "one container")
container = containers[0] if containers else {}
sc = container.get("securityContext") or {}
check(pod_sc.get("runAsNonRoot") is True or sc.get("runAsNonRoot") is True, "runAsNonRoot: true")
check(isinstance(pod_sc.get("runAsUser", sc.get("runAsUser")), int) and pod_sc.get("runAsUser", sc.get("runAsUser")) != 0,
      "runAsUser is a non-zero uid")
check(sc.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem: true")
check(sc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation: false")
check("ALL" in (get(sc, "capabilities", "drop") or []), "capabilities drop ALL")

check(container.get("name") == "semco-zoom" and "command" not in container,
      "container semco-zoom runs the image's entrypoint (the binary): args only, no command")
# Native sidecars (initContainers with restartPolicy Always, e.g. the metrics push) run for the
# whole run: they are held to the same rules.
for side in [c for c in pod.get("initContainers") or [] if c.get("restartPolicy") == "Always"]:
    ssc = side.get("securityContext") or {}
    check(ssc.get("readOnlyRootFilesystem") is True and ssc.get("allowPrivilegeEscalation") is False
          and "ALL" in (get(ssc, "capabilities", "drop") or []),
          f"sidecar {side.get('name')}: read-only root, no privilege escalation, capabilities drop ALL")
    check(all(m.get("readOnly") is True for m in side.get("volumeMounts") or []), f"sidecar {side.get('name')}: mounts read-only")

args = [str(a) for a in (container.get("args") or container.get("command") or [])]
check("sync" in args, "runs `sync`")
binary = os.environ.get("SEMCO_ZOOM_BIN", "")
if os.access(binary, os.X_OK):
    sys.path.insert(0, os.environ["CHECK_DEPLOY_SCRIPTS"])
    from check_command_line import problems
    found = problems(binary, args)
    for line in found:
        print("      " + line)
    check(not found, "the binary accepts the args: semco-zoom " + " ".join(args))
else:
    print(f"SKIP  cronjob.yaml: args not checked against the binary: no semco-zoom at {binary} (swift build, or SEMCO_ZOOM_BIN)")
volumes = {v.get("name"): v for v in pod.get("volumes") or []}
mounts = container.get("volumeMounts") or []
def writable_mount_for(target):
    for m in mounts:
        mp = m.get("mountPath", "").rstrip("/")
        if (target == mp or target.startswith(mp + "/")) and not m.get("readOnly"):
            return m
    return None
for option in ("--drop", "--state"):
    check(option in args and args.index(option) + 1 < len(args), f"passes {option}")
    if option in args and args.index(option) + 1 < len(args):
        target = args[args.index(option) + 1]
        mount = writable_mount_for(target)
        claim = get(volumes.get(mount.get("name")) if mount else None, "persistentVolumeClaim", "claimName")
        check(claim == get(pvc, "metadata", "name"), f"{option} {target} is on the PVC {get(pvc, 'metadata', 'name')}, writable")
if "--metrics-file" in args and args.index("--metrics-file") + 1 < len(args):
    target = args[args.index("--metrics-file") + 1]
    check(writable_mount_for(target) is not None, f"--metrics-file {target} is on a writable mount")

secret_name = get(secret, "metadata", "name")
env = container.get("env") or []
env_names = {e.get("name") for e in env}
uses_secret = any(get(e, "valueFrom", "secretKeyRef", "name") == secret_name for e in env) \
    or any(get(e, "secretRef", "name") == secret_name for e in container.get("envFrom") or []) \
    or any(get(v, "secret", "secretName") == secret_name for v in volumes.values())
check(uses_secret, f"credentials come from the Secret {secret_name}")
check("ZOOM_CLIENT_SECRET" not in {e.get("name") for e in env if "value" in e}, "no client secret as a plain env value")
check({"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID"} <= env_names or any(get(e, "secretRef", "name") == secret_name for e in container.get("envFrom") or []),
      "ZOOM_ACCOUNT_ID and ZOOM_CLIENT_ID are provided")
for mount in mounts:
    if mount.get("readOnly") is not True and mount.get("name") in volumes:
        kind = [k for k in volumes[mount["name"]] if k != "name"]
        check(kind[0] in ("persistentVolumeClaim", "emptyDir"), f"writable mount {mount.get('mountPath')} is a PVC or emptyDir")
sys.exit(1 if failures else 0)
PY
fi

# ---------------------------------------------------------------- command lines vs the binary
if ! command -v python3 >/dev/null 2>&1; then
  skip "semco-zoom@.service: ExecStart= not checked against the binary: python3 is not installed"
elif [ ! -x "$BIN" ]; then
  skip "semco-zoom@.service: ExecStart= not checked against the binary: no semco-zoom at $BIN (swift build, or SEMCO_ZOOM_BIN)"
else
  # The arguments after the binary's path, with systemd's specifiers left as they are (values only).
  read -r -a EXEC_ARGS <<<"$(sed -n 's/^ExecStart=[^ ]*semco-zoom //p' "$SERVICE")"
  if PROBLEMS=$(python3 "$ROOT/scripts/check_command_line.py" "$BIN" "${EXEC_ARGS[@]}"); then
    ok "semco-zoom@.service: the binary accepts ExecStart=: semco-zoom ${EXEC_ARGS[*]}"
  else
    fail "semco-zoom@.service: the binary refuses ExecStart=:"
    printf '%s\n' "$PROBLEMS" | sed 's/^/      /'
  fi
fi

# ---------------------------------------------------------------- Containerfile
if command -v python3 >/dev/null 2>&1; then
  RUN_AS=$(sed -n 's/^ *runAsUser: *\([0-9][0-9]*\).*/\1/p' "$CRONJOB" | head -n 1)
  python3 "$ROOT/scripts/check_containerfile.py" "$CONTAINERFILE" ${RUN_AS:+"$RUN_AS"} || FAILURES=$((FAILURES + 1))
else
  skip "Containerfile: python3 is not installed"
fi

# ---------------------------------------------------------------- --image: the runtime stage's libraries
if [ $IMAGE = 1 ]; then
  read -r -a FLAGS <<<"$(python3 "$ROOT/scripts/check_containerfile.py" --build-flags "$CONTAINERFILE")"
  mapfile -t PACKAGES < <(python3 "$ROOT/scripts/check_containerfile.py" --runtime-packages "$CONTAINERFILE")
  SCRATCH="$ROOT/.build-static"
  mkdir -p "$SCRATCH"
  echo "      swift build ${FLAGS[*]} --product semco-zoom --scratch-path .build-static (minutes)"
  if ! (cd "$ROOT" && swift build "${FLAGS[@]}" --product semco-zoom --scratch-path "$SCRATCH" >"$SCRATCH/check-deploy.log" 2>&1); then
    fail "static build failed (log: $SCRATCH/check-deploy.log)"
  else
    STATIC_BIN="$(cd "$ROOT" && swift build "${FLAGS[@]}" --scratch-path "$SCRATCH" --show-bin-path)/semco-zoom"
    ok "static build: $STATIC_BIN ($(du -h "$STATIC_BIN" | cut -f1))"
    # What the runtime stage brings: its packages, everything they depend on (as installed on
    # this Debian), and the C/C++ runtime of every Debian image.
    declare -A PROVIDED=([libc6]="the C library of every Debian image" [libgcc-s1]="in every Debian image"
                         [libstdc++6]="in every Debian image (apt needs it)")
    QUEUE=("${PACKAGES[@]}")
    for pkg in "${PACKAGES[@]}"; do PROVIDED[$pkg]="installed by the runtime stage"; done
    while [ ${#QUEUE[@]} -gt 0 ]; do
      pkg=${QUEUE[0]}; QUEUE=("${QUEUE[@]:1}")
      deps=$(dpkg-query -W -f='${Pre-Depends}, ${Depends}' "$pkg" 2>/dev/null || true)
      for dep in $(printf '%s' "$deps" | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/:any//; s/[[:space:]]//g' | grep -v '^$'); do
        if [ -z "${PROVIDED[$dep]+x}" ]; then PROVIDED[$dep]="a dependency of $pkg"; QUEUE+=("$dep"); fi
      done
    done
    USED=()
    while read -r lib path; do
      [ -n "$path" ] || continue
      owner=""
      for candidate in "$path" "/usr$path" "${path#/usr}" "$(readlink -f "$path")"; do
        owner=$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1) && [ -n "$owner" ] && break
      done
      if [ -z "$owner" ]; then
        fail "ldd: $lib ($path) belongs to no Debian package"
      elif [ -n "${PROVIDED[$owner]+x}" ]; then
        ok "ldd: $lib → $owner (${PROVIDED[$owner]})"
        USED+=("$owner")
      else
        fail "ldd: $lib → $owner, which the runtime stage does not install"
      fi
    done < <(ldd "$STATIC_BIN" | sed -n 's/^[[:space:]]*\([^ ]*\) => \([^ ]*\) .*/\1 \2/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1 \1/p')
    if ldd "$STATIC_BIN" | grep -q 'not found'; then fail "ldd: libraries not found: $(ldd "$STATIC_BIN" | grep 'not found' | tr -s ' ')"; fi
    for pkg in "${PACKAGES[@]}"; do
      if [ "$pkg" = ca-certificates ]; then continue; fi
      needed=0
      for used in "${USED[@]}"; do if [ "$used" = "$pkg" ]; then needed=1; fi; done
      if [ $needed = 1 ]; then ok "runtime package $pkg is loaded by the binary"; else fail "runtime package $pkg: the binary loads no library of it"; fi
    done
  fi
fi

if [ $FAILURES -gt 0 ]; then
  echo "check-deploy: $FAILURES check(s) failed"
  exit 1
fi
echo "check-deploy: all checks passed"
