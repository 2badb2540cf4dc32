#!/bin/sh
# Runs ipsec_bench inside User-mode Linux (the host kernel has no VTI and
# no ESP; ../../../../shared/notes/uml-lab.md) and prints its tables.
#
#   run.sh path/to/ipsec_bench
#
# Environment:
#   ROUTESH_BENCH_PEERS   peer counts (default 1,50,200)
#   ROUTESH_BENCH_RUNS    runs per count, median reported (default 11)
#   ROUTESH_BENCH_OUT     keep the results there (table.md, bench.log with
#                         every run's figures, console.log, charon logs on
#                         failure); default: a temporary directory, removed
#   ROUTESH_BENCH_WORK    host directory in which a private directory holds
#                         the history database and the swanctl.conf files
#                         (default: the results directory): SQLite's
#                         fsyncs reach the disk through hostfs, as
#                         routeshd's would; removed on exit
#   ROUTESH_BENCH_TIMEOUT seconds before the UML kernel is killed (840)
# Exits 77 (CTest: skipped) without root, User-mode Linux, charon or
# swanctl; 1 when the benchmark fails. The UML kernel makes itself a
# session and process group leader (its processes are host processes of
# its group); that group is killed by id on any exit, so nothing stays
# running.
set -u
bin=$1

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces and VTIs inside UML)"
command -v linux.uml >/dev/null 2>&1 ||
  skip "User-mode Linux not installed (apt-get install user-mode-linux)"
[ -d /usr/lib/uml/modules ] || skip "no UML modules in /usr/lib/uml/modules"
[ -x /usr/lib/ipsec/charon ] ||
  skip "charon not installed (apt-get install strongswan-charon strongswan-swanctl)"
command -v swanctl >/dev/null 2>&1 || skip "swanctl not installed (strongswan-swanctl)"
command -v ip >/dev/null 2>&1 || skip "iproute2 not installed"

here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "$bin") || exit 1
if [ -n "${ROUTESH_BENCH_OUT:-}" ]; then
  out=$ROUTESH_BENCH_OUT
  mkdir -p "$out" || exit 1
  rm -f "$out/result" "$out/table.md" "$out/bench.log" "$out"/charon-*.log
  keep=1
else
  out=$(mktemp -d /tmp/routesh-ipsec-bench-XXXXXX) || exit 1
  keep=0
fi
out=$(realpath "$out")
work=${ROUTESH_BENCH_WORK:-$out}
mkdir -p "$work" || exit 1
work=$(mktemp -d "$(realpath "$work")/work-XXXXXX") || exit 1
uml=""
watchdog=""

cleanup() {
  status=$?
  if [ -n "$uml" ]; then
    kill -9 "-$uml" "$uml" 2>/dev/null  # the UML kernel and its group
    wait "$uml" 2>/dev/null
  fi
  if [ -n "$watchdog" ]; then
    touch "$out/uml.halted"  # it stops within a second
    wait "$watchdog" 2>/dev/null
  fi
  rm -rf "$out/uml" "$out/uml.halted" "$work"
  [ $keep = 1 ] || rm -rf "$out"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

echo "== booting User-mode Linux (results in $out)"
rm -f "$out/uml.halted"
mkdir -p "$out/uml"
linux.uml mem=1024M root=/dev/root rootfstype=hostfs rootflags=/ rw \
  init="$here/init.sh" uml_dir="$out/uml" umid=bench con=null con0=null,fd:1 \
  BENCH_BIN="$bin" BENCH_OUT="$out" BENCH_PEERS="${ROUTESH_BENCH_PEERS:-1,50,200}" \
  BENCH_RUNS="${ROUTESH_BENCH_RUNS:-11}" BENCH_WORK="$work" \
  </dev/null >"$out/console.log" 2>&1 &
uml=$!
# The watchdog kills the kernel's group when the limit passes; it ends by
# itself within a second once the kernel is gone.
limit=${ROUTESH_BENCH_TIMEOUT:-840}
(
  i=0
  while [ $i -lt "$limit" ] && [ ! -e "$out/uml.halted" ]; do
    sleep 1
    i=$((i + 1))
  done
  if [ ! -e "$out/uml.halted" ]; then
    echo "FAIL: UML still running after $limit s; killed"
    kill -9 "-$uml" "$uml" 2>/dev/null
  fi
) &
watchdog=$!
wait "$uml"
touch "$out/uml.halted"
wait "$watchdog"
watchdog=""
kill -9 "-$uml" 2>/dev/null
uml=""

result=$(cat "$out/result" 2>/dev/null || echo "FAIL: no result (UML did not start?)")
if [ "$result" != PASS ]; then
  echo "$result"
  echo "== bench.log (last lines)"
  tail -30 "$out/bench.log" 2>/dev/null
  echo "== console.log (last lines)"
  tail -30 "$out/console.log" 2>/dev/null
  exit 1
fi
cat "$out/table.md"
exit 0
