#!/usr/bin/env python3
"""Checks that a semco-zoom command line from a deployment file is one the binary accepts:
the subcommand exists (`semco-zoom help SUB` shows its usage) and every option and flag is one of
the subcommand's, with a value where it takes one (from the binary's own description of its
arguments, `semco-zoom --experimental-dump-help`, which swift-argument-parser generates).
Runs nothing else: a deployment's paths need not exist here.

Usage: check_command_line.py BINARY ARG...   (the arguments after the binary's path)
Prints the problems, one a line, and exits 1 when there is any."""
import json
import subprocess
import sys


def problems(binary, args):
    if not args:
        return ["no subcommand"]
    sub, rest = args[0], args[1:]
    # `help` shows the top-level help for a name it does not know, with exit 0: ask for the usage line.
    helped = subprocess.run([binary, "help", sub], capture_output=True, text=True)
    if helped.returncode != 0 or f"USAGE: semco-zoom {sub} " not in helped.stdout:
        return [f"`semco-zoom help {sub}`: no such subcommand"]
    dumped = subprocess.run([binary, "--experimental-dump-help"], capture_output=True, text=True, check=True)
    commands = [c for c in json.loads(dumped.stdout)["command"].get("subcommands", []) if c["commandName"] == sub]
    if len(commands) != 1:
        return [f"{sub}: not in the binary's description of its commands"]
    command = commands[0]
    options = {}
    for argument in command.get("arguments", []):
        for name in argument.get("names", []):
            prefix = "--" if name["kind"] in ("long", "longWithSingleDash") else "-"
            options[prefix + name["name"]] = argument["kind"]
    found = []
    i = 0
    while i < len(rest):
        token = rest[i]
        name, _, inline = token.partition("=")
        kind = options.get(name)
        if kind is None:
            found.append(f"{sub}: unknown argument {token}")
        elif kind == "option" and not inline:
            if i + 1 >= len(rest) or rest[i + 1].startswith("-"):
                found.append(f"{sub}: {name} needs a value")
            else:
                i += 1
        elif kind == "flag" and inline:
            found.append(f"{sub}: {name} takes no value")
        i += 1
    return found


if __name__ == "__main__":
    found = problems(sys.argv[1], sys.argv[2:])
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
