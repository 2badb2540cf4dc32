#!/bin/sh
# Builds routesh and shows it on a demo configuration: the configuration is
# checked offline, then printed as VyOS set-commands and as config.boot.
# No root needed. (The interactive shell on a demo state directory replaces
# this once the daemon lands.)
set -eu
cd "$(dirname "$0")/.."
packaging/build.sh >/dev/null
demo=packaging/demo/spoke.set
echo "== routesh --check $demo"
build/shell/routesh --check "$demo"
echo "== routesh --print commands $demo"
build/shell/routesh --print commands -q "$demo"
echo "== routesh --print boot $demo"
build/shell/routesh --print boot -q "$demo"
