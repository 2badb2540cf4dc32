#!/bin/sh
# Fails if a header or source in a lower layer includes a higher one.
# Layers, lowest first: schema, backend, commits, shell.
set -eu
cd "$(dirname "$0")/.."
status=0
check() {  # folder, forbidden include prefixes...
  dir=$1; shift
  [ -d "$dir" ] || return 0
  for up in "$@"; do
    if grep -rn --include='*.h' --include='*.cc' "#include \"$up/" "$dir"; then
      echo "layering: $dir must not include $up/"
      status=1
    fi
  done
}
check schema backend commits shell
check backend commits shell
check commits shell
[ $status -eq 0 ] && echo "layering: ok"
exit $status
