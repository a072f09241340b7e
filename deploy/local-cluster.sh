#!/usr/bin/env bash
# A local cluster on one machine: a throwaway PostgreSQL, N silos and one client-mode gateway.
#   deploy/local-cluster.sh start N        build (Release), start PostgreSQL, N silos, the gateway on
#                                          http://127.0.0.1:5080; returns once the sample answers
#   deploy/local-cluster.sh status         one line per process: <role> <pid> <port> [dead]
#   deploy/local-cluster.sh stop [--clean] end exactly the recorded processes, stop PostgreSQL;
#                                          logs and data stay unless --clean (deletes ./.cluster)
#
# State lives in ./.cluster at the repository root: pg/ (the database, kept between stop and
# start), logs/<role>-<i>.log, pids/<role>-<i>.pid and pids/<role>-<i>.port. Silo i listens on
# 11111+i (silo-to-silo) and 30000+i (gateways). Membership is in PostgreSQL, so silos and the
# gateway find each other there. Every process inherits the caller's environment
# (Aggregation__Security__AdminKey, Logging__..., and so on); the command-line settings below win.
#
# Environment: AGGREGATION_PG_PORT (55433), AGGREGATION_START_TIMEOUT (180 s),
# AGGREGATION_STOP_TIMEOUT (30 s, then SIGKILL).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state="$root/.cluster"
pids="$state/pids"
logs="$state/logs"
pg_port=${AGGREGATION_PG_PORT:-55433}
start_timeout=${AGGREGATION_START_TIMEOUT:-180}
stop_timeout=${AGGREGATION_STOP_TIMEOUT:-30}
http_port=5080
silo_dll="$root/src/Aggregation.Silo/bin/Release/net10.0/Aggregation.Silo.dll"
gateway_dll="$root/src/Aggregation.Gateway/bin/Release/net10.0/Aggregation.Gateway.dll"

usage() { echo "usage: $0 start N | status | stop [--clean]" >&2; exit 2; }
say() { echo "local-cluster: $*" >&2; }

# --- processes -------------------------------------------------------------------------------

# True when PID is a live (not zombie) process whose command line contains PATTERN: a PID that
# has been reused by an unrelated process since it was recorded counts as dead.
alive() {
  local pid=$1 pattern=$2 st
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ "$st" != Z ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern"
}

pattern_of() { # role -> what its command line contains
  case $1 in
    silo) echo Aggregation.Silo.dll ;;
    gateway) echo Aggregation.Gateway.dll ;;
    postgres) echo postgres ;;
  esac
}

# The PostgreSQL directory: ./.cluster/pg, unless (as root) the server's unprivileged user could
# not reach it through its parent directories, in which case one under /tmp. Remembered in
# ./.cluster/pg-dir so the database survives stop/start.
pg_dir() {
  if [ -f "$state/pg-dir" ]; then cat "$state/pg-dir"; return; fi
  local dir="$state/pg" d
  if [ "$(id -u)" = 0 ]; then
    d=$state
    while [ "$d" != / ]; do
      # PostgreSQL runs as another user: every parent must be searchable by others.
      if [ -d "$d" ] && [ "$(( 0$(stat -c %a "$d") & 1 ))" = 0 ]; then
        dir=$(mktemp -d /tmp/aggregation-cluster-pg.XXXXXX)
        chmod 755 "$dir"
        break
      fi
      d=$(dirname "$d")
    done
  fi
  mkdir -p "$state"
  echo "$dir" >"$state/pg-dir"
  echo "$dir"
}

pg_dir_if_known() { if [ -f "$state/pg-dir" ]; then cat "$state/pg-dir"; fi; }

postmaster_pid() { # the server's PID from its postmaster.pid, if there is one
  local dir
  dir=$(pg_dir_if_known)
  if [ -n "$dir" ] && [ -r "$dir/pgdata/postmaster.pid" ]; then head -n 1 "$dir/pgdata/postmaster.pid"; fi
}

# Starts "$@" detached (own session, immune to hangups, stdin closed), logging to
# logs/ROLE-I.log; records its PID and PORT. The wrapper writes its own PID and then execs the
# command, so the recorded PID is the dotnet process itself whether or not setsid forks.
launch() {
  local role=$1 i=$2 port=$3; shift 3
  local pidfile="$pids/$role-$i.pid"
  rm -f "$pidfile"
  echo "$port" >"$pids/$role-$i.port"
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner shell
  setsid nohup bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@" \
    >"$logs/$role-$i.log" 2>&1 </dev/null &
  local waited=0
  until [ -s "$pidfile" ]; do
    sleep 0.05; waited=$((waited + 1))
    [ $waited -lt 200 ] || { say "$role $i did not start"; return 1; }
  done
}

# Sends SIGTERM to the recorded processes of ROLE (all at once), SIGKILL after the timeout.
end_role() {
  local role=$1 pattern file pid victims=()
  pattern=$(pattern_of "$role")
  for file in "$pids/$role"-*.pid; do
    [ -e "$file" ] || continue
    pid=$(cat "$file")
    if alive "$pid" "$pattern"; then kill -TERM "$pid" 2>/dev/null || true; victims+=("$pid"); fi
  done
  [ ${#victims[@]} -gt 0 ] || return 0
  local deadline=$((SECONDS + stop_timeout)) left
  while :; do
    left=()
    for pid in "${victims[@]}"; do alive "$pid" "$pattern" && left+=("$pid"); done
    [ ${#left[@]} -gt 0 ] || return 0
    if [ $SECONDS -ge $deadline ]; then
      say "$role ${left[*]} still running after ${stop_timeout}s: SIGKILL"
      kill -KILL "${left[@]}" 2>/dev/null || true
      return 0
    fi
    sleep 0.2
  done
}

stop_postgres() {
  local dir
  dir=$(pg_dir_if_known)
  if [ -n "$dir" ] && [ -f "$dir/pgdata/postmaster.pid" ]; then
    "$root/deploy/postgres-local.sh" stop "$dir" 2>/dev/null || say "PostgreSQL did not stop cleanly (see $dir/postgres.log)"
  fi
}

# Anything recorded or PostgreSQL still running?
anything_running() {
  local file role pid pm
  for file in "$pids"/*.pid; do
    [ -e "$file" ] || continue
    role=$(basename "$file"); role=${role%%-*}
    [ "$role" = postgres ] && continue
    pid=$(cat "$file")
    alive "$pid" "$(pattern_of "$role")" && return 0
  done
  pm=$(postmaster_pid)
  [ -n "$pm" ] && alive "$pm" postgres
}

# --- commands --------------------------------------------------------------------------------

# Exit status: 0 all alive, 1 some dead, 3 not running.
cmd_status() {
  local any=0 dead=0 role pid port i
  if [ -f "$pids/postgres-0.port" ]; then
    any=1
    pid=$(postmaster_pid); port=$(cat "$pids/postgres-0.port")
    if [ -n "$pid" ] && alive "$pid" postgres; then echo "postgres $pid $port"; else echo "postgres ${pid:--} $port dead"; dead=1; fi
  fi
  for role in silo gateway; do
    # In index order: silo-0, silo-1, ... silo-10.
    # shellcheck disable=SC2012 # our own file names
    for i in $(ls "$pids" 2>/dev/null | sed -n "s/^$role-\([0-9]*\)\.pid\$/\1/p" | sort -n); do
      any=1
      pid=$(cat "$pids/$role-$i.pid"); port=$(cat "$pids/$role-$i.port" 2>/dev/null || echo -)
      if alive "$pid" "$(pattern_of "$role")"; then echo "$role $pid $port"; else echo "$role $pid $port dead"; dead=1; fi
    done
  done
  if [ $any = 0 ]; then say "not running"; return 3; fi
  return $dead
}

cmd_stop() {
  local clean=${1:-}
  [ -z "$clean" ] || [ "$clean" = --clean ] || usage
  local was_running=1
  anything_running || was_running=0
  # Clients first, then silos (together: each leaves the membership table gracefully), then
  # the database they leave it in.
  end_role gateway
  end_role silo
  stop_postgres
  rm -f "$pids"/*.pid "$pids"/*.port "$pids"/*.tmp
  if [ "$clean" = --clean ]; then
    local dir
    dir=$(pg_dir_if_known)
    case "$dir" in /tmp/aggregation-cluster-pg.*) rm -rf "$dir" ;; esac
    rm -rf "$state"
    say "stopped; removed $state"
  elif [ $was_running = 1 ]; then
    say "stopped; logs in $logs"
  else
    say "not running"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # DESCRIPTION DEADLINE COMMAND... : polls COMMAND every 0.5 s, fails on the deadline or a dead process
  local what=$1 deadline=$2; shift 2
  until "$@"; do
    if [ $SECONDS -ge "$deadline" ]; then say "timed out waiting for $what"; return 1; fi
    check_processes || return 1
    sleep 0.5
  done
}

check_processes() {
  local file role pid
  for file in "$pids"/silo-*.pid "$pids"/gateway-*.pid; do
    [ -e "$file" ] || continue
    role=$(basename "$file"); role=${role%%-*}
    pid=$(cat "$file")
    if ! alive "$pid" "$(pattern_of "$role")"; then
      say "$(basename "$file" .pid) (pid $pid) exited; last lines of its log:"
      tail -n 20 "$logs/$(basename "$file" .pid).log" >&2 || true
      return 1
    fi
  done
}

silo_started() { grep -q "Application started" "$logs/silo-$1.log" 2>/dev/null; }
all_silos_started() { local i; for ((i = 1; i < $1; i++)); do silo_started "$i" || return 1; done; }
http_code() { curl -s -o /dev/null -m 10 -w '%{http_code}' "http://127.0.0.1:$http_port$1"; }
http_ok() { [ "$(http_code "$1")" = 200 ]; }
# /api needs a key: a 401 there still proves the gateway reaches the cluster's routes.
gateway_serves() { http_ok /health/ready && [[ "$(http_code /api/units/VN)" =~ ^(200|401)$ ]]; }

failed_start() {
  trap - EXIT INT TERM
  say "start failed; logs: $logs/ (build.log, silo-<i>.log, gateway-0.log) and $(pg_dir_if_known)/postgres.log"
  say "stopping what was started"
  cmd_stop >/dev/null 2>&1 || true
  exit 1
}

cmd_start() {
  local n=${1:-}
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]] || [ "$n" -gt 20 ]; then say "N must be a number of silos from 1 to 20"; usage; fi
  command -v dotnet >/dev/null || { say "dotnet (the .NET 10 SDK) is not on PATH"; exit 1; }
  command -v curl >/dev/null || { say "curl is needed to wait for the gateway"; exit 1; }
  mkdir -p "$pids" "$logs"

  if anything_running; then
    say "a cluster is already running here ($state):"
    cmd_status >&2 || true
    say "stop it first: $0 stop"
    exit 1
  fi
  rm -f "$pids"/*.pid "$pids"/*.port "$pids"/*.tmp  # left by a crash or a reboot

  local i busy=()
  port_in_use "$pg_port" && busy+=("$pg_port (PostgreSQL; set AGGREGATION_PG_PORT)")
  port_in_use "$http_port" && busy+=("$http_port (gateway)")
  for ((i = 0; i < n; i++)); do
    port_in_use $((11111 + i)) && busy+=("$((11111 + i)) (silo $i)")
    port_in_use $((30000 + i)) && busy+=("$((30000 + i)) (silo $i gateway port)")
  done
  if [ ${#busy[@]} -gt 0 ]; then say "ports already in use: ${busy[*]}"; exit 1; fi

  trap failed_start EXIT
  trap 'say interrupted; exit 130' INT TERM
  local t0=$SECONDS
  say "building (Release; log: $logs/build.log)"
  if ! { dotnet build "$root/src/Aggregation.Silo" -c Release -nologo -v quiet &&
         dotnet build "$root/src/Aggregation.Gateway" -c Release -nologo -v quiet; } >"$logs/build.log" 2>&1; then
    tail -n 30 "$logs/build.log" >&2
    exit 1
  fi

  local dir conn
  dir=$(pg_dir)
  say "starting PostgreSQL on 127.0.0.1:$pg_port ($dir)"
  echo "$pg_port" >"$pids/postgres-0.port"
  conn=$("$root/deploy/postgres-local.sh" start "$dir" "$pg_port" 2>>"$logs/postgres-start.log") \
    || { tail -n 20 "$logs/postgres-start.log" >&2; exit 1; }
  postmaster_pid >"$pids/postgres-0.pid"
  ln -sfn "$dir/postgres.log" "$logs/postgres-0.log"

  local storage=(--Aggregation:Storage:Provider=postgres "--Aggregation:Storage:ConnectionString=$conn")
  # The host's "Application started" line (after the silo's startup tasks) is how this script
  # knows a silo is up: keep it whatever log levels the environment sets.
  silo() {
    launch silo "$1" $((11111 + $1)) dotnet "$silo_dll" "${storage[@]}" \
      "--Aggregation:Cluster:SiloPort=$((11111 + $1))" "--Aggregation:Cluster:GatewayPort=$((30000 + $1))" \
      --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information
  }
  local deadline=$((SECONDS + start_timeout))
  # Silo 0 alone first: it applies the schema and, into an empty database, loads the sample;
  # silos starting alongside would each find the store uninitialised and load it too.
  say "starting silo 0 on 11111/30000"
  cd "$root"
  silo 0
  wait_for "silo 0 to start" "$deadline" silo_started 0
  if [ "$n" -gt 1 ]; then
    local others="silo 1 on 11112/30001"
    [ "$n" = 2 ] || others="silos 1..$((n - 1)) on 11112..$((11110 + n))/30001..$((29999 + n))"
    say "starting $others"
    for ((i = 1; i < n; i++)); do silo "$i"; done
    wait_for "$others to start" "$deadline" all_silos_started "$n"
  fi
  say "starting the gateway on http://127.0.0.1:$http_port"
  launch gateway 0 "$http_port" dotnet "$gateway_dll" --urls "http://127.0.0.1:$http_port" \
    --Aggregation:Cluster:Mode=client "${storage[@]}"
  wait_for "the gateway to answer /health/ready and /api/units/VN" "$deadline" gateway_serves
  trap - EXIT INT TERM
  say "ready in $((SECONDS - t0)) s: http://127.0.0.1:$http_port (dashboard /orleans/); logs in $logs"
  cmd_status
}

case ${1:-} in
  start) [ $# -eq 2 ] || usage; cmd_start "$2" ;;
  status) [ $# -eq 1 ] || usage; cmd_status ;;
  stop) [ $# -le 2 ] || usage; cmd_stop "${2:-}" ;;
  *) usage ;;
esac
