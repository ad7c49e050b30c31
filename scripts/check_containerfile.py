#!/usr/bin/env python3
"""Static checks of the Containerfile (no image can be built on the project's machines):
two stages, the official Swift image building `swift build -c release --static-swift-stdlib`,
a slim Debian runtime stage that installs runtime libraries only, a non-root user, the binary
as entrypoint, completions and man page where the platform looks for them.

Usage: check_containerfile.py CONTAINERFILE [RUN_AS_USER]
         prints OK / FAIL lines; exit 1 when any check failed
       check_containerfile.py --build-flags CONTAINERFILE
         prints the flags of the build stage's `swift build` (for check-deploy.sh --image)
       check_containerfile.py --runtime-packages CONTAINERFILE
         prints the packages the runtime stage installs, one a line"""
import re
import shlex
import sys

INSTALLED_FILES = {
    "bash completion": "/usr/share/bash-completion/completions/semco-zoom",
    "zsh completion": "/usr/local/share/zsh/site-functions/_semco-zoom",
    "fish completion": "/usr/share/fish/vendor_completions.d/semco-zoom.fish",
    "man page": "/usr/share/man/man1/",
}


def instructions(path):
    """(keyword, arguments) per instruction, continuation lines joined, comments dropped."""
    result, pending = [], ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            line = pending + line
            pending = ""
            keyword, _, rest = line.strip().partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def stages(items):
    args = {}
    found = []
    for keyword, rest in items:
        if keyword == "ARG" and not found:
            name, _, default = rest.partition("=")
            args[name] = default
        if keyword == "FROM":
            image = rest.split()[0]
            image = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), image)
            found.append({"image": image, "items": []})
        elif found:
            found[-1]["items"].append((keyword, rest))
    return found


def build_flags(stage):
    for keyword, rest in stage["items"]:
        if keyword == "RUN" and re.search(r"(^|&&|;)\s*swift build ", rest):
            command = re.split(r"&&|;", rest.split("swift build", 1)[1])[0]
            flags = [t for t in shlex.split(command)]
            if "--product" in flags:
                i = flags.index("--product")
                del flags[i:i + 2]
            return flags
    return None


def runtime_packages(stage):
    packages = []
    for keyword, rest in stage["items"]:
        if keyword != "RUN":
            continue
        for command in re.split(r"&&|;", rest):
            words = shlex.split(command)
            if words[:2] == ["apt-get", "install"]:
                packages += [w for w in words[2:] if not w.startswith("-")]
    return packages


def main(argv):
    if argv[0] in ("--build-flags", "--runtime-packages"):
        found = stages(instructions(argv[1]))
        if argv[0] == "--build-flags":
            print(" ".join(build_flags(found[0]) or []))
        else:
            print("\n".join(runtime_packages(found[-1])))
        return 0
    path = argv[0]
    run_as = argv[1] if len(argv) > 1 else None
    failures = 0

    def check(condition, what):
        nonlocal failures
        print(("OK    " if condition else "FAIL  ") + "Containerfile: " + what)
        failures += 0 if condition else 1

    found = stages(instructions(path))
    check(len(found) >= 2, f"multi-stage ({len(found)} stages)")
    if len(found) < 2:
        return 1
    build, runtime = found[0], found[-1]
    check(re.match(r"^(docker\.io/)?(library/)?swift:[\w.-]+$", build["image"]) is not None,
          f"builds in the official Swift image ({build['image']})")
    flags = build_flags(build) or []
    check(flags[:2] == ["-c", "release"] and "--static-swift-stdlib" in flags,
          "swift build -c release --static-swift-stdlib: " + " ".join(flags))
    check(re.match(r"^(docker\.io/)?(library/)?debian:[\w.-]*slim$", runtime["image"]) is not None,
          f"runtime stage is a slim Debian ({runtime['image']})")
    packages = runtime_packages(runtime)
    check(bool(packages) and not any(p.endswith("-dev") for p in packages), "runtime installs no -dev package: " + " ".join(packages))
    check("ca-certificates" in packages, "runtime installs ca-certificates (Zoom's TLS)")
    runs = [rest for keyword, rest in runtime["items"] if keyword == "RUN" and "apt-get install" in rest]
    check(all("--no-install-recommends" in r and "rm -rf /var/lib/apt/lists" in r for r in runs),
          "apt-get install --no-install-recommends, lists removed")
    users = [rest for keyword, rest in runtime["items"] if keyword == "USER"]
    user = users[-1].split(":")[0] if users else ""
    check(bool(user) and user not in ("0", "root"), f"runs as a non-root user ({user or 'none'})")
    if run_as is not None:
        check(user == run_as, f"USER {user} is the CronJob's runAsUser {run_as}")
    entry = [rest for keyword, rest in runtime["items"] if keyword == "ENTRYPOINT"]
    check(entry[-1:] == ['["/usr/local/bin/semco-zoom"]'], "ENTRYPOINT is the binary (exec form)")
    copies = [rest for keyword, rest in runtime["items"] if keyword == "COPY"]
    check(any(c.startswith("--from=") and c.split()[-1] == "/usr/local/bin/semco-zoom" for c in copies),
          "the binary comes from the build stage")
    for what, target in INSTALLED_FILES.items():
        check(any(c.startswith("--from=") and c.split()[-1] == target for c in copies), f"{what} installed at {target}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
