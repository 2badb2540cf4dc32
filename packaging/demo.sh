#!/bin/sh
# Builds routesh and starts it on a demo state directory (render backend: the
# daemon writes what it would apply under <state>/render/, no root needed).
# The first run commits packaging/demo/spoke.set as revision 1.
# Then you are in the shell: try `show configuration commands`, `configure`,
# `set interfaces vti vti0 mtu 1400`, `compare`, `commit`, `show system
# commit`, `rollback 1`. `exit` leaves; the daemon keeps running (stop it
# with: pkill -f "routeshd --state-dir $PWD/state-demo").
set -eu
cd "$(dirname "$0")/.."
packaging/build.sh >/dev/null
state=${ROUTESH_DEMO_DIR:-$PWD/state-demo}
routesh=build/shell/routesh
if ! "$routesh" --state-dir "$state" -c "show system commit" | grep -q via; then
  "$routesh" --state-dir "$state" -c "configure; load packaging/demo/spoke.set; commit comment 'demo configuration'; save; exit"
fi
if [ -t 0 ]; then
  exec "$routesh" --state-dir "$state"
fi
# Not a terminal: show what is there and stop.
"$routesh" --state-dir "$state" -c "show configuration commands; show system commit"
