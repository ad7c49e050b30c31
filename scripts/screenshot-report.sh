#!/usr/bin/env bash
# Renders a real report.html to PNG at phone and desktop widths with headless Chromium, to look
# at the page as a person would (not part of `swift test`; CI has no browser).
#
#   scripts/screenshot-report.sh [OUT_DIR]      (default OUT_DIR: .build/report-screenshots)
#
# The report comes from a real run: `semco-zoom sync --zoom simulator --keep-drop` on
# samples/drop in a temporary folder (the repository is left unchanged), once in German and
# once in English. Needs Debian's chromium (`apt-get install -y chromium`).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$repo/.build/report-screenshots"}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]]; then
  echo "No Chromium found: apt-get install -y chromium" >&2
  exit 1
fi

swift build --package-path "$repo" --product semco-zoom >&2
bin="$(swift build --package-path "$repo" --show-bin-path)/semco-zoom"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

for language in de en; do
  # A fresh folder per language, so that each run starts from an empty simulator and state.
  mkdir -p "$work/$language"
  cp -R "$repo/samples" "$work/$language/samples"
  # Exit 3 is expected: the samples hold courses with errors.
  (cd "$work/$language" && "$bin" sync --zoom simulator --keep-drop --drop samples/drop --out "$work/$language/run" \
      --language "$language" --quiet) >/dev/null || true
  page="$work/$language/run/report.html"
  [[ -f "$page" ]] || { echo "no report written for $language" >&2; exit 1; }
  for size in phone:390,3200 desktop:1280,2400; do
    name=${size%%:*}
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
      --window-size="${size#*:}" --screenshot="$out/report-$language-$name.png" "file://$page" 2>/dev/null
    echo "$out/report-$language-$name.png"
  done
done
