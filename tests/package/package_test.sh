#!/bin/sh
# The Debian package end to end, on this machine (CI: a throwaway machine,
# as root; elsewhere the test skips):
#   1. build it with cpack, lint it (no lintian error), check its contents;
#   2. install it with apt-get; check files, groups, /etc/shells, the state
#      directory and the unit's enable state;
#   3. start the installed routeshd by hand, with the unit's own command
#      line, on a test state directory (no systemd here);
#   4. start OpenSSH's sshd on 127.0.0.1 (own config, port, host key, keys
#      only) and create an admin (routesh-admin), an operator
#      (routesh-operator) and an outsider, all with /usr/bin/routesh as
#      login shell; drive real ssh sessions: batches (`ssh host 'cmd'`,
#      `ssh host < file`), an interactive session through a pty, the
#      operator refused and shown secrets masked, the outsider refused at
#      connect, a dropped connection, commit-confirm reverted by itself;
#   5. stop the daemon with SIGTERM; reinstall over /var/lib/routesh with
#      history and config.boot (kept; --boot brings it up); purge, and
#      check that nothing is left.
# Users, sshd, daemons and the package are removed on any exit (trap).
#
#   package_test.sh BUILD_DIR
set -eu

build=$(cd "$1" && pwd)
unit=/lib/systemd/system/routeshd.service
users="rstadmin rstoper rstother"
gecos="routesh package test"

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
say() { echo "== $*"; }

[ "$(id -u)" = 0 ] || skip "needs root (it installs the package)"
command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
  skip "needs apt-get and dpkg (Debian)"
for p in /usr/sbin/sshd ssh ssh-keygen cpack; do
  command -v "$p" >/dev/null ||
    fail "$p missing: run packaging/install-deps.sh"
done
# One package test per machine at a time: /run/routesh-package-test.pid
# names the running one (a lock fd would be inherited by sshd and routeshd).
lock=/run/routesh-package-test.pid
take_lock() { (set -C; echo $$ >"$lock") 2>/dev/null; }
if ! take_lock; then
  other=$(cat "$lock" 2>/dev/null || true)
  if [ -n "$other" ] && grep -q package_test "/proc/$other/cmdline" 2>/dev/null
  then
    skip "another package test is running (pid $other)"
  fi
  rm -f "$lock"  # its test was killed
  take_lock || skip "another package test is running"
fi

pids_of() {  # USER: the processes running as USER (no procps needed)
  stat -c '%U %n' /proc/[0-9]* 2>/dev/null |
    awk -v u="$1" '$1 == u { sub("/proc/", "", $2); print $2 }'
}
kill_users_processes() {  # the test users' sessions (ssh, routesh)
  for u in $users; do
    if getent passwd "$u" | grep -q "$gecos"; then
      for pid in $(pids_of "$u"); do kill -9 "$pid" 2>/dev/null; done
      userdel "$u" 2>/dev/null
    fi
  done
  return 0
}

# A run killed outright (SIGKILL: no trap ran) left its marker naming its
# temporary directory: stop its sshd and routeshd, remove its users and
# the package it installed.
marker=/run/routesh-package-test.dir
if [ -f "$marker" ]; then
  old=$(cat "$marker")
  case "$old" in
    /tmp/routesh-package.*)
      echo "cleaning up after a killed run ($old)"
      for f in "$old/sshd.pid" "$old/routeshd.pid"; do
        if [ -s "$f" ]; then kill "$(cat "$f")" 2>/dev/null || true; fi
      done
      kill_users_processes
      if dpkg -s routesh >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq routesh \
          >/dev/null 2>&1 || true
      fi
      rm -rf "$old"
      ;;
  esac
  rm -f "$marker"
fi
if dpkg -s routesh >/dev/null 2>&1 || [ -e /var/lib/routesh ]; then
  rm -f "$lock"
  skip "routesh is installed here (or /var/lib/routesh exists); this test" \
       "installs and purges it: remove it first (apt-get purge routesh)"
fi

T=$(mktemp -d /tmp/routesh-package.XXXXXX)
chmod 0711 "$T"  # the test users reach their homes and the state dir
echo "$T" >"$marker"
installed=0
made_run_sshd=0
sshd_pid=
daemon_pid=
client_pid=

cleanup() {
  status=$?
  set +e
  [ -n "$client_pid" ] && kill -9 "$client_pid" 2>/dev/null
  [ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null
  kill_users_processes
  [ -n "$sshd_pid" ] && wait "$sshd_pid" 2>/dev/null
  [ -n "$daemon_pid" ] && wait "$daemon_pid" 2>/dev/null
  [ "$made_run_sshd" = 1 ] && rmdir /run/sshd 2>/dev/null
  if [ "$installed" = 1 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq routesh \
      >/dev/null 2>&1
  fi
  if [ "$status" != 0 ]; then
    for f in "$T"/routeshd.err "$T"/state/routeshd.log "$T"/sshd.log; do
      [ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }
    done
  fi
  rm -rf "$T"
  rm -f "$marker" "$lock"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
kill_users_processes  # leftovers of an older killed run, if any

contains() {  # FILE TEXT WHAT
  grep -qF -- "$2" "$1" || { cat "$1"; fail "$3: no '$2'"; }
}
lacks() {  # FILE TEXT WHAT
  if grep -qF -- "$2" "$1"; then cat "$1"; fail "$3: unexpected '$2'"; fi
}
mode_owner() { stat -c '%a %U:%G' "$1"; }

# --- 1. build and lint ----------------------------------------------------
say "cpack"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$T/pkg" \
  >"$T/cpack.log" 2>&1 || { cat "$T/cpack.log"; fail "cpack"; }
deb=$(ls "$T"/pkg/routesh_*_amd64.deb)
dpkg-deb -I "$deb" control >"$T/control"
contains "$T/control" "Package: routesh" control
contains "$T/control" "Depends: adduser, frr, strongswan-charon, strongswan-swanctl, libc6" \
  "control (the backends' daemons, then shlibdeps)"
dpkg-deb -I "$deb" conffiles >"$T/conffiles"
contains "$T/conffiles" "/etc/strongswan.d/routesh.conf" "conffiles"
dpkg-deb -c "$deb" >"$T/contents"
for f in ./usr/bin/routesh ./usr/sbin/routeshd \
         ./usr/share/man/man1/routesh.1.gz ./usr/share/man/man8/routeshd.8.gz \
         ./usr/share/doc/routesh/copyright ./usr/share/doc/routesh/changelog.gz \
         ./lib/systemd/system/routeshd.service ./etc/strongswan.d/routesh.conf; do
  contains "$T/contents" " $f" "package contents"
done
if command -v lintian >/dev/null; then
  say "lintian"
  lintian --fail-on error "$deb" >"$T/lintian.log" 2>&1 ||
    { cat "$T/lintian.log"; fail "lintian reports errors"; }
  grep -E '^[EW]:' "$T/lintian.log" || true
else
  echo "lintian not installed: not linted"
fi

# --- 2. install -------------------------------------------------------------
say "apt-get install $(basename "$deb")"
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends "$deb" >"$T/apt.log" 2>&1 ||
  { cat "$T/apt.log"; fail "apt-get install"; }
[ -x /usr/bin/routesh ] && [ -x /usr/sbin/routeshd ] || fail "binaries"
for b in /usr/bin/routesh /usr/sbin/routeshd; do
  if readelf -S "$b" | grep -q '\.debug_info'; then fail "$b not stripped"; fi
done
for f in /usr/share/man/man1/routesh.1.gz /usr/share/man/man8/routeshd.8.gz \
         /usr/share/doc/routesh/changelog.gz; do
  gzip -t "$f" || fail "$f is not gzip"
done
[ -f /usr/share/doc/routesh/copyright ] || fail "copyright"
getent group routesh-admin >/dev/null || fail "group routesh-admin"
getent group routesh-operator >/dev/null || fail "group routesh-operator"
grep -qx /usr/bin/routesh /etc/shells || fail "routesh not in /etc/shells"
[ "$(mode_owner /var/lib/routesh)" = "711 root:root" ] ||
  fail "/var/lib/routesh is $(mode_owner /var/lib/routesh)"
[ -L /etc/systemd/system/multi-user.target.wants/routeshd.service ] ||
  fail "routeshd.service not enabled"

# --- 3. the daemon, started by hand with the unit's command line -----------
# ExecStart with the test state directory; a commit-confirm minute lasts
# two seconds.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
case "$exec_start" in
  /usr/sbin/routeshd\ *--admin-group\ routesh-admin*) ;;
  *) fail "unexpected ExecStart: $exec_start" ;;
esac
state=$T/state
mkdir -m 0711 "$state"
daemon_cmd=$(echo "$exec_start" | sed "s|/var/lib/routesh|$state|")
start_daemon() {  # extra arguments
  # shellcheck disable=SC2086  # the unit's words
  $daemon_cmd "$@" 2>>"$T/routeshd.err" &
  daemon_pid=$!
  echo "$daemon_pid" >"$T/routeshd.pid"
  i=0
  until [ -S "$state/routeshd.sock" ]; do
    kill -0 "$daemon_pid" 2>/dev/null || fail "routeshd exited"
    i=$((i + 1)); [ $i -lt 100 ] || fail "routeshd does not listen"
    sleep 0.1
  done
}
stop_daemon() {  # SIGTERM: a clean stop, status 0
  kill -TERM "$daemon_pid"
  st=0; wait "$daemon_pid" || st=$?
  daemon_pid=
  [ "$st" = 0 ] || fail "routeshd exited $st on SIGTERM"
}
say "routeshd ($daemon_cmd --minute-seconds 2)"
start_daemon --minute-seconds 2
[ "$(mode_owner "$state/routeshd.sock")" = "660 root:routesh-operator" ] ||
  fail "socket is $(mode_owner "$state/routeshd.sock")"

# --- 4. sshd, users, keys ---------------------------------------------------
say "sshd and users"
if [ ! -d /run/sshd ]; then mkdir -m 0755 /run/sshd; made_run_sshd=1; fi
ssh-keygen -q -t ed25519 -N '' -f "$T/ssh_host_ed25519_key"
mkdir -m 0711 "$T/home"
for u in $users; do
  # As README says; --disabled-password leaves the password locked ('!'),
  # which sshd without PAM (as configured here) refuses even for keys.
  adduser --quiet --disabled-password --gecos "$gecos" \
    --home "$T/home/$u" --shell /usr/bin/routesh "$u"
  usermod -p '*' "$u"
  ssh-keygen -q -t ed25519 -N '' -f "$T/$u.key"
  install -d -m 0700 -o "$u" -g "$u" "$T/home/$u/.ssh"
  install -m 0600 -o "$u" -g "$u" "$T/$u.key.pub" \
    "$T/home/$u/.ssh/authorized_keys"
done
adduser --quiet rstadmin routesh-admin
adduser --quiet rstoper routesh-operator

port=$((20000 + $$ % 20000))
tries=0
while :; do
  cat >"$T/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $T/ssh_host_ed25519_key
PidFile $T/sshd.pid
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $users
AcceptEnv ROUTESH_STATE_DIR
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
LogLevel VERBOSE
EOF
  /usr/sbin/sshd -t -f "$T/sshd_config"
  /usr/sbin/sshd -D -f "$T/sshd_config" -E "$T/sshd.log" &
  sshd_pid=$!
  i=0
  while [ ! -s "$T/sshd.pid" ] && kill -0 "$sshd_pid" 2>/dev/null &&
        [ $i -lt 100 ]; do
    i=$((i + 1)); sleep 0.1
  done
  [ -s "$T/sshd.pid" ] && break
  kill "$sshd_pid" 2>/dev/null || true
  wait "$sshd_pid" 2>/dev/null || true
  sshd_pid=
  tries=$((tries + 1)); [ $tries -lt 10 ] || fail "sshd does not start"
  port=$((port + 1))
done

{
  echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$T/ssh_host_ed25519_key.pub")"
} >"$T/known_hosts"
{
  for u in $users; do
    echo "Host $u"
    echo "  User $u"
    echo "  IdentityFile $T/$u.key"
  done
  cat <<EOF
Host *
  HostName 127.0.0.1
  Port $port
  IdentitiesOnly yes
  BatchMode yes
  PasswordAuthentication no
  StrictHostKeyChecking yes
  UserKnownHostsFile $T/known_hosts
  GlobalKnownHostsFile /dev/null
  SetEnv ROUTESH_STATE_DIR=$state
  ConnectTimeout 10
  LogLevel ERROR
EOF
} >"$T/ssh_config"

r() {  # HOST [ARGS…]: a real ssh session; output in $T/out
  host=$1; shift
  ssh -F "$T/ssh_config" "$host" "$@" >"$T/out" 2>&1
}
r_fails() {  # like r, but must exit non-zero
  if r "$@"; then cat "$T/out"; fail "ssh $* succeeded"; fi
}

# A session through a pty: ssh -tt reads the FIFO, the test types into it.
session_start() {  # HOST
  rm -f "$T/tty.in"
  mkfifo "$T/tty.in"
  : >"$T/tty.out"
  ssh -F "$T/ssh_config" -tt "$1" <"$T/tty.in" >"$T/tty.out" 2>&1 &
  client_pid=$!
  exec 8>"$T/tty.in"
  mark=0
}
type_keys() {  # TEXT: typed, no Return
  mark=$(wc -c <"$T/tty.out")
  printf '%s' "$1" >&8
}
type_line() { type_keys "$1$(printf '\r')"; }  # TEXT, then Return
expect() {  # TEXT: appears in the output since the last typed line
  i=0
  until tail -c +$((mark + 1)) "$T/tty.out" | grep -qF -- "$1"; do
    i=$((i + 1))
    if [ $i -ge 100 ] || ! kill -0 "$client_pid" 2>/dev/null; then
      if tail -c +$((mark + 1)) "$T/tty.out" | grep -qF -- "$1"; then break; fi
      echo "--- session output:"; cat -v "$T/tty.out"
      fail "interactive: no '$1'"
    fi
    sleep 0.1
  done
}
session_drop() {  # the client dies: the connection drops
  kill -9 "$client_pid"
  wait "$client_pid" 2>/dev/null || true
  client_pid=
  exec 8>&-
}
session_end() {  # the client ends by itself (exit typed)
  i=0
  while kill -0 "$client_pid" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 100 ] || { cat -v "$T/tty.out"; fail "the session did not end"; }
    sleep 0.1
  done
  st=0; wait "$client_pid" || st=$?
  client_pid=
  exec 8>&-
  [ "$st" = 0 ] || { cat -v "$T/tty.out"; fail "ssh -tt exited $st"; }
}
no_shell_left() {  # USER: the routesh (and sshd) of a dropped session end
  i=0
  while [ -n "$(pids_of "$1")" ]; do
    i=$((i + 1)); [ $i -lt 100 ] || fail "a session of $1 is still running"
    sleep 0.1
  done
}
revisions() { r rstadmin 'show system commit'; grep -c ' via ' "$T/out"; }

# --- 4a. admin: -c, stdin, interactive -------------------------------------
say "admin: ssh rstadmin 'configure; set ...; commit'"
r rstadmin "configure; set system host-name 'pkg-router'; set system login user rsuser authentication plaintext-password 'Sekr1t-psk'; commit comment 'over ssh'; save; exit" ||
  { cat "$T/out"; fail "admin batch commit"; }
r rstadmin 'show configuration commands'
contains "$T/out" "set system host-name 'pkg-router'" "admin show"
contains "$T/out" "plaintext-password 'Sekr1t-psk'" "admin sees the secret"
r rstadmin 'show system commit'
contains "$T/out" "by rstadmin via batch" "history records the login user"
[ -f "$state/config.boot" ] || fail "save over ssh wrote no config.boot"

say "admin: ssh rstadmin < batch.txt"
cat >"$T/batch.txt" <<'EOF'
configure
set interfaces ethernet eth1 description 'from a batch'
commit
exit
EOF
ssh -F "$T/ssh_config" -T rstadmin <"$T/batch.txt" >"$T/out" 2>&1 ||
  { cat "$T/out"; fail "batch on stdin"; }
r rstadmin 'show configuration commands | match eth1'
contains "$T/out" "description 'from a batch'" "stdin batch committed"

say "admin: interactive session through a pty"
session_start rstadmin
expect "rstadmin@"
expect ':~$ '
type_line "configure"
expect "[edit]"
expect "# "
type_line "set interfaces ethernet eth2 description 'typed'"
expect "# "
type_line "commit"
expect "[edit]"
type_line "exit"
expect ':~$ '
type_line "show configuration commands | match eth2"
expect "description 'typed'"
type_keys 'show ?'
expect "Possible completions"
expect "configuration"
type_keys "$(printf '\025')"  # Ctrl-U: drop the half-typed line
type_line "exit"
session_end
r rstadmin 'show configuration commands | match eth2'
contains "$T/out" "description 'typed'" "interactive commit"

# --- 4b. operator and outsider ---------------------------------------------
say "operator: refused configuration, secrets masked"
before=$(revisions)
r_fails rstoper "configure; set system host-name 'taken-over'; commit"
contains "$T/out" "% Permission denied" "operator configure"
printf 'configure\nset system host-name taken-over\ncommit\n' |
  ssh -F "$T/ssh_config" -T rstoper >"$T/out" 2>&1 &&
  fail "operator batch on stdin succeeded"
contains "$T/out" "% Permission denied" "operator stdin configure"
[ "$(revisions)" = "$before" ] || fail "operator changed the history"
r rstoper 'show configuration commands'
contains "$T/out" "set system host-name 'pkg-router'" "operator show"
contains "$T/out" "plaintext-password '****************'" "operator: masked"
lacks "$T/out" "Sekr1t-psk" "operator show configuration commands"
r rstoper 'show configuration'
contains "$T/out" "****************" "operator show configuration: masked"
lacks "$T/out" "Sekr1t-psk" "operator show configuration"
r rstoper 'show configuration json'
contains "$T/out" "****************" "operator show configuration json: masked"
lacks "$T/out" "Sekr1t-psk" "operator show configuration json"
r rstoper "show system commit diff $((before - 1))"  # the first commit
contains "$T/out" "****************" "operator commit diff: masked"
lacks "$T/out" "Sekr1t-psk" "operator show system commit diff"
r rstoper 'show system commit'
contains "$T/out" "by rstadmin via " "operator show system commit"

say "outsider: refused at connect"
r_fails rstother 'show configuration commands'
contains "$T/out" "Permission denied" "outsider"
lacks "$T/out" "pkg-router" "outsider"

# --- 4c. a dropped connection -----------------------------------------------
say "dropped connection in configuration mode"
session_start rstadmin
expect ':~$ '
type_line "configure"
expect "[edit]"
type_line "set interfaces ethernet eth3 description 'dropped'"
expect "# "
session_drop
no_shell_left rstadmin
r rstadmin "configure; set interfaces ethernet eth4 description 'after the drop'; commit" ||
  { cat "$T/out"; fail "configure after a dropped session"; }
r rstadmin 'show configuration commands'
contains "$T/out" "description 'after the drop'" "commit after the drop"
lacks "$T/out" "'dropped'" "the dropped session's change"

# --- 4d. commit-confirm, then the connection drops -------------------------
say "commit-confirm 1, connection dropped, reverted by the daemon"
head_before=$(revisions)
session_start rstadmin
expect ':~$ '
type_line "configure"
expect "[edit]"
type_line "set interfaces ethernet eth5 description 'locks me out'"
expect "# "
type_line "commit-confirm 1"
expect "commit-confirm"
expect "# "
session_drop
no_shell_left rstadmin
i=0
until r rstadmin 'show system commit' && grep -q 'via confirm-timeout' "$T/out"; do
  i=$((i + 1)); [ $i -lt 100 ] || { cat "$T/out"; fail "no confirm-timeout"; }
  sleep 0.2
done
[ "$(grep -c ' via ' "$T/out")" = $((head_before + 2)) ] ||
  { cat "$T/out"; fail "expected the commit and its revert"; }
r rstadmin 'show configuration commands'
lacks "$T/out" "'locks me out'" "after confirm-timeout"
contains "$T/out" "description 'after the drop'" "after confirm-timeout"
r rstadmin 'show system commit'
lacks "$T/out" " by root via " "every cli commit by the login user"

say "routeshd stops cleanly on SIGTERM"
stop_daemon
[ ! -e "$state/routeshd.sock" ] || fail "socket left after SIGTERM"
kill "$sshd_pid"; wait "$sshd_pid" 2>/dev/null || true; sshd_pid=
kill_users_processes

# --- 5. reinstall keeps history and config.boot; purge -------------------
say "reinstall over /var/lib/routesh"
cp "$state/history.db" "$state/config.boot" /var/lib/routesh/
sum=$(cat /var/lib/routesh/history.db /var/lib/routesh/config.boot | md5sum)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall \
  --no-install-recommends "$deb" >"$T/apt.log" 2>&1 ||
  { cat "$T/apt.log"; fail "reinstall"; }
[ "$(cat /var/lib/routesh/history.db /var/lib/routesh/config.boot | md5sum)" = "$sum" ] ||
  fail "reinstall changed history or config.boot"
[ "$(mode_owner /var/lib/routesh)" = "711 root:root" ] || fail "state dir mode"
state=/var/lib/routesh
daemon_cmd=$exec_start
start_daemon
/usr/bin/routesh --state-dir /var/lib/routesh -c 'show system commit; show configuration commands' \
  >"$T/out" 2>&1 || { cat "$T/out"; fail "the unit's daemon after reinstall"; }
contains "$T/out" "by rstadmin via " "history after reinstall"
contains "$T/out" "set system host-name 'pkg-router'" "configuration after reinstall"
stop_daemon

say "purge"
installed=0
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq routesh >"$T/apt.log" 2>&1 ||
  { cat "$T/apt.log"; fail "purge"; }
if dpkg -s routesh >/dev/null 2>&1; then fail "still installed"; fi
for f in /usr/bin/routesh /usr/sbin/routeshd /var/lib/routesh "$unit" \
         /usr/share/doc/routesh /etc/strongswan.d/routesh.conf \
         /etc/systemd/system/multi-user.target.wants/routeshd.service \
         /etc/systemd/system/routeshd.service; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "purge left $f"
done
left=$(find /var/lib/systemd/deb-systemd-helper-enabled \
  /var/lib/systemd/deb-systemd-helper-masked -name '*routeshd*' 2>/dev/null || true)
[ -z "$left" ] || fail "purge left $left"
if getent group routesh-admin routesh-operator; then fail "purge left groups"; fi
if grep -q routesh /etc/shells; then fail "purge left /etc/shells entry"; fi
echo "package test passed"
