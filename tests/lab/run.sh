#!/bin/sh
# The UML lab, host side: boots a user-mode Linux kernel on the host's
# root file system whose init (init.sh) builds two routesh routers with
# IPsec VTIs and BGP between them and runs the scenario (scenario.py); then
# prints what happened and exits with the verdict.
#
#   run.sh [--shell] ROUTESH ROUTESHD
#
#   ROUTESH, ROUTESHD   the binaries under test (CTest passes the build's)
#   --shell             after the scenario, a shell on the UML console
#                       (interactive; needs a terminal)
# Environment:
#   LAB_OUT    result directory (default ./lab-out): lab.log, result,
#              console.log, the daemons' logs (the previous run's are
#              removed first)
#   LAB_STEPS  the steps, comma-separated (tunnel,fault,confirm,crash;
#              default all; setup and tunnel always run)
#
# Exit status: 0 PASS, 1 FAIL, 77 skipped (not root, no linux.uml or a
# missing tool). The UML kernel halts at the end of the scenario, taking
# every process started inside with it; a hung kernel is killed after
# LAB_WALL seconds (default 540). Nothing is left behind but LAB_OUT.
set -u
shell=0
if [ "${1:-}" = --shell ]; then shell=1; shift; fi
if [ $# -ne 2 ]; then
  echo "usage: run.sh [--shell] ROUTESH ROUTESHD" >&2
  exit 2
fi
routesh=$(readlink -f "$1")
routeshd=$(readlink -f "$2")
lab_dir=$(cd "$(dirname "$0")" && pwd)
out=${LAB_OUT:-$PWD/lab-out}

skip() { echo "lab: SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (UML's hostfs root, namespaces inside)"
command -v linux.uml >/dev/null 2>&1 ||
  skip "no linux.uml (apt-get install user-mode-linux kmod)"
[ -d /usr/lib/uml/modules ] || skip "no /usr/lib/uml/modules (user-mode-linux)"
for tool in /usr/lib/ipsec/charon /usr/sbin/swanctl /usr/lib/frr/bgpd \
            /usr/bin/vtysh /usr/sbin/modprobe /usr/bin/ping /usr/bin/python3; do
  [ -x "$tool" ] || skip "no $tool (packaging/install-deps.sh installs it)"
done
for f in "$routesh" "$routeshd"; do
  [ -x "$f" ] || { echo "lab: $f is not an executable"; exit 1; }
done
# Paths travel on the kernel command line, which splits at blanks.
case "$lab_dir$out$routesh$routeshd" in
  *[[:space:]]*) echo "lab: paths with blanks cannot be passed to UML"; exit 1 ;;
esac

mkdir -p "$out" || exit 1
out=$(cd "$out" && pwd)
rm -f "$out/result" "$out/lab.log" "$out/console.log" "$out"/east-*.* \
  "$out"/west-*.*
uml_dir=$(mktemp -d "${TMPDIR:-/tmp}/routesh-lab-XXXXXX") || exit 1
trap 'rm -rf "$uml_dir"' EXIT
trap 'exit 130' INT TERM

steps=$(echo "${LAB_STEPS:-}" | tr ' ' ',')
echo "lab: booting UML (log: $out/console.log, results: $out)"
set -- mem=512M root=/dev/root rootfstype=hostfs rootflags=/ rw quiet \
  init="$lab_dir/init.sh" con=null uml_dir="$uml_dir" umid=lab \
  LAB_DIR="$lab_dir" LAB_OUT="$out" ROUTESH="$routesh" ROUTESHD="$routeshd" \
  LAB_STEPS="$steps" LAB_SHELL=$shell
start=$(date +%s)
if [ $shell = 1 ]; then
  # The console is this terminal (or pipe); the kernel halts on `exit`.
  linux.uml "$@" con0=fd:0,fd:1 2>&1 | tee "$out/console.log"
else
  # In the background so that a signal to this script (CTest's timeout)
  # reaches the kernel: `timeout` passes TERM on, and the kernel's host
  # processes all end with it.
  timeout -k 10 "${LAB_WALL:-540}" linux.uml "$@" con0=null,fd:1 \
    >"$out/console.log" 2>&1 </dev/null &
  uml=$!
  trap 'kill -TERM $uml 2>/dev/null; wait $uml; exit 130' INT TERM
  wait $uml
  status=$?
  trap 'exit 130' INT TERM
  echo "lab: UML exited with status $status after $(($(date +%s) - start)) s"
fi

echo "---------------------------------------------------------------- lab.log"
cat "$out/lab.log" 2>/dev/null || echo "(no lab.log: the scenario never started)"
echo "------------------------------------------------------------------------"
result=$(cat "$out/result" 2>/dev/null || echo "FAIL: no result file")
if [ "$result" = PASS ]; then
  echo "lab: PASS"
  exit 0
fi
echo "lab: $result"
echo "---------------------------------------------- console.log (last 80 lines)"
tail -n 80 "$out/console.log"
for f in "$out"/*.log "$out"/*.out; do
  case $f in */lab.log|*/console.log) continue ;; esac
  [ -f "$f" ] || continue
  echo "---------------------------------------- $(basename "$f") (last 25 lines)"
  tail -n 25 "$f"
done
exit 1
