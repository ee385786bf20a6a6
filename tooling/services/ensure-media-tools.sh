#!/usr/bin/env bash
# Makes sure the media jobs' system tools are here: clamd answering on 127.0.0.1:3310 with the
# project's own signature database (the EICAR test signature: the public databases cannot be
# downloaded on the project's machines), ffmpeg with ffprobe, and pdftoppm (poppler-utils).
# Installs them from Debian's packages when missing. Idempotent: where clamd already answers PING it
# only checks.
set -euo pipefail

log() { printf '[media-tools] %s\n' "$*"; }
here="$(cd "$(dirname "$0")" && pwd)"

CLAMD_PORT="${CLAMD_PORT:-3310}"
# clamd's config, database copy, log and pid live here, apart from Debian's own clamd set-up.
CLAMD_STATE_DIR="${CLAMD_STATE_DIR:-/var/lib/yg-clamd}"

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt_updated=1
  fi
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "$@" >/dev/null
}

clamd_answers() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$CLAMD_PORT" && printf 'zPING\0' >&3 && timeout 2 head -c 4 <&3) \
    2>/dev/null) || return 1
  [[ $reply == PONG* ]]
}

ensure_ffmpeg() {
  if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then
    log "ffmpeg and ffprobe present"
  else
    apt_install ffmpeg
    log "ffmpeg and ffprobe installed"
  fi
  # pdftoppm renders a PDF's first page for its thumbnail.
  command -v pdftoppm >/dev/null || apt_install poppler-utils
  log "pdftoppm present"
}

ensure_clamd() {
  # clamd is in /usr/sbin, which a CI shell's PATH may lack.
  export PATH="$PATH:/usr/sbin"
  command -v clamd >/dev/null || apt_install clamav-daemon
  # clamdscan: the benchmark's raw baseline.
  command -v clamdscan >/dev/null || apt_install clamdscan
  if clamd_answers; then log "clamd answers on 127.0.0.1:$CLAMD_PORT"; return; fi
  # Debian's service would start with the public databases, which are absent here: ours instead.
  mkdir -p "$CLAMD_STATE_DIR/db"
  cp "$here/clamav/"*.ndb "$CLAMD_STATE_DIR/db/"
  cat >"$CLAMD_STATE_DIR/clamd.conf" <<CONF
Foreground yes
TCPSocket $CLAMD_PORT
TCPAddr 127.0.0.1
DatabaseDirectory $CLAMD_STATE_DIR/db
LogFile $CLAMD_STATE_DIR/clamd.log
PidFile $CLAMD_STATE_DIR/clamd.pid
SelfCheck 0
StreamMaxLength 2000M
MaxFileSize 2000M
MaxScanSize 2000M
CONF
  log "starting clamd"
  setsid nohup clamd --config-file="$CLAMD_STATE_DIR/clamd.conf" >>"$CLAMD_STATE_DIR/clamd.out" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    clamd_answers && { log "clamd answers on 127.0.0.1:$CLAMD_PORT"; return; }
    sleep 0.5
  done
  log "clamd did not answer PING on 127.0.0.1:$CLAMD_PORT; its log:"
  tail -n 20 "$CLAMD_STATE_DIR/clamd.log" "$CLAMD_STATE_DIR/clamd.out" 2>/dev/null || true
  exit 1
}

ensure_ffmpeg
ensure_clamd
