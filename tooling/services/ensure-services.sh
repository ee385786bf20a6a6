#!/usr/bin/env bash
# Makes sure Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, user postgres, trust auth)
# answer. Starts them when installed but stopped; installs them from Debian's packages when
# missing. Idempotent: on a machine where both already run it only checks.
set -euo pipefail

log() { printf '[services] %s\n' "$*"; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 60); do
    port_open "$port" && return 0
    sleep 0.5
  done
  log "$name did not start listening on 127.0.0.1:$port"
  return 1
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

redis_answers() {
  port_open 6379 || return 1
  local reply
  reply=$(exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && timeout 2 head -c 7 <&3) || return 1
  [[ $reply == +PONG* ]]
}

ensure_redis() {
  if redis_answers; then log "redis answers"; return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  log "starting redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_port 6379 redis
  redis_answers || { log "redis does not answer PING"; exit 1; }
  log "redis answers"
}

pg_answers() {
  port_open 5432 || return 1
  command -v psql >/dev/null || return 0
  psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

ensure_postgres() {
  if pg_answers; then log "postgres answers"; return; fi
  local installed_now=0
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
    installed_now=1
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if [ "$installed_now" = 1 ] || ! grep -Eq '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    # The tests connect as postgres over loopback without a password, as on the project machines.
    log "trusting loopback connections in $hba"
    sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
  fi
  log "starting postgres $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null ||
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  wait_port 5432 postgres
  for _ in $(seq 1 20); do
    pg_answers && { log "postgres answers"; return; }
    sleep 0.5
  done
  log "postgres does not accept connections as user postgres on 127.0.0.1"
  exit 1
}

# The chaos suite (pnpm test:chaos) runs a redis-server and a PostgreSQL cluster of its own, which it
# kills and restarts: it needs their binaries even where the shared services run elsewhere.
ensure_chaos_binaries() {
  command -v redis-server >/dev/null || apt_install redis-server
  if [ -z "${PG_BIN_DIR:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql
  fi
  log "redis-server and initdb/pg_ctl present for the chaos suite"
}

ensure_redis
ensure_postgres
ensure_chaos_binaries

# The dashboard test drives a headless Chromium: its own script installs it.
bash "$(dirname "$0")/ensure-chromium.sh"

# The media jobs' tests need clamd, ffmpeg/ffprobe and pdftoppm: their own script installs them.
bash "$(dirname "$0")/ensure-media-tools.sh"
