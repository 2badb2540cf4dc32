#!/bin/sh
# The user's own documents load with no error and convert stably.
#   - seeds 001 and 002: their command lines, extracted from the prose as an
#     operator would paste them (markdown decoration removed, placeholders
#     such as X.Y.Z.A replaced by documentation addresses, see below);
#     spellings (VyOS 1.1 neighbor forms) and quotes (‘28800') unchanged;
#   - examples/*.set as they are;
#   - compat/vyos/*.config.boot with --skip-unsupported, and refused
#     without it;
# and --print commands is canonical and stable, boot -> commands -> boot is
# unchanged.
# Usage: user_documents_test.sh path/to/routesh
set -eu
routesh=$1
shared=${ROUTESH_SHARED_DIR:-$(dirname "$0")/../../shared}
[ -d "$shared/seeds" ] || { echo "FAIL: no shared documents at $shared"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# The seed's placeholders, each replaced by a documentation value.
placeholders='s/X\.Y\.Z\.A/198.51.100.10/g; s/A\.B\.C\.D/198.51.100.20/g;
s/169\.A\.B\.C/169.254.12.38/g; s/169\.A\.B\.D/169.254.14.230/g;
s/169\.A\.B\.E/169.254.12.37/g; s/169\.A\.B\.F/169.254.14.229/g;
s/10\.A\.B\.C/10.20.0.30/g; s/10\.X\.Y\.Z/10.20.0.31/g;
s/650xy/65010/g; s/xyz1/64512/g; s/10\.X\.0\./10.20.0./g; s/10\.Y\.0\./10.10.0./g'

# Command lines of a seed: markdown quote marks, emphasis and code tags go.
extract() {
  sed -e 's/<[^>]*>//g' -e 's/^[[:space:]>$]*//' -e 's/\*//g' "$1" |
    sed "$placeholders" |
    grep -E '^(set|delete|edit|top|up)( |$)' || true
}

for seed in "$shared"/seeds/001_*.txt "$shared"/seeds/002_*.txt; do
  name=$(basename "$seed" .txt)
  extract "$seed" >"$tmp/$name.set"
  lines=$(wc -l <"$tmp/$name.set")
  [ "$lines" -gt 10 ] || bad "$name: only $lines command lines extracted"
  if "$routesh" --check -q "$tmp/$name.set"; then ok; else bad "$name: --check"; fi
done
# The seed keeps its typographic quotes and 1.1 spellings.
grep -q '‘28800' "$tmp"/001_*.set && ok || bad "001: typographic quotes lost"
grep -q 'route-map import' "$tmp"/001_*.set && ok || bad "001: 1.1 spelling lost"

for f in "$shared"/examples/*.set "$tmp"/00*.set; do
  name=$(basename "$f")
  "$routesh" --check -q "$f" || { bad "$name: --check"; continue; }
  "$routesh" --print commands -q "$f" >"$tmp/$name.cmd" ||
    { bad "$name: --print commands"; continue; }
  "$routesh" --print commands -q "$tmp/$name.cmd" >"$tmp/$name.cmd2" ||
    { bad "$name: --print commands of commands"; continue; }
  cmp -s "$tmp/$name.cmd" "$tmp/$name.cmd2" && ok ||
    bad "$name: commands not stable"
  sort -c "$tmp/$name.cmd" 2>/dev/null || true  # natural order != sort(1)
  grep -q "route-map import\|^set" "$tmp/$name.cmd" && ok || bad "$name: empty"
done
# 1.1 spelling stored canonically.
if grep -q ' neighbor [^ ]* route-map ' "$tmp"/aws-spoke.set.cmd; then
  bad "aws-spoke: VyOS 1.1 neighbor route-map not migrated"
else ok; fi
grep -q "neighbor 169.254.12.37 address-family ipv4-unicast route-map import 'IN'" \
  "$tmp"/aws-spoke.set.cmd && ok || bad "aws-spoke: canonical route-map line"

for f in "$shared"/compat/vyos/*.config.boot; do
  name=$(basename "$f")
  if "$routesh" --check -q "$f" 2>"$tmp/$name.err"; then
    bad "$name: accepted without --skip-unsupported"
  else
    grep -q 'unsupported' "$tmp/$name.err" && ok ||
      bad "$name: unsupported paths not named"
  fi
  "$routesh" --check -q --skip-unsupported "$f" ||
    { bad "$name: --check --skip-unsupported"; continue; }
  "$routesh" --print boot -q --skip-unsupported "$f" >"$tmp/$name.a" || bad "$name: boot"
  "$routesh" --print commands -q "$tmp/$name.a" >"$tmp/$name.set" || bad "$name: cmds"
  "$routesh" --print boot -q "$tmp/$name.set" >"$tmp/$name.b" || bad "$name: boot2"
  cmp -s "$tmp/$name.a" "$tmp/$name.b" && ok ||
    { bad "$name: boot -> commands -> boot changed"; diff "$tmp/$name.a" "$tmp/$name.b" | head -20; }
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
