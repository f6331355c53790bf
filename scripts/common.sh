# Helpers shared by the launcher's parts. Sourced by ./iotdeploy.

log() { printf '[iotdeploy] %s\n' "$*" >&2; }
die() { printf '[iotdeploy] error: %s\n' "$*" >&2; exit 1; }

require_root() {
    [[ $EUID -eq 0 ]] || die "this needs root (network namespaces, Docker Engines): run it with sudo"
}

# One launcher at a time: two `up`s racing would start everything twice.
acquire_lock() {
    exec 9>"$STATE_DIR/lock"
    flock -w 600 9 || die "another ./iotdeploy is running (lock $STATE_DIR/lock)"
}
release_lock() { flock -u 9 2>/dev/null || true; }

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds.
wait_until() {
    local timeout=$1 what=$2
    shift 2
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            log "timed out after ${timeout}s waiting for $what"
            return 1
        fi
        sleep 0.5
    done
}

pid_alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid FILE NAME: TERM, then KILL after a grace period; removes FILE.
stop_pid() {
    local file=$1 name=$2
    if pid_alive "$file"; then
        local pid
        pid=$(cat "$file")
        kill "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$pid" 2>/dev/null; then
            log "$name did not stop within 30 s; killing it"
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$file"
}

# Starts a long-running process in the background with its output in a log file.
# spawn NAME PIDFILE COMMAND...
spawn() {
    local name=$1 pidfile=$2
    shift 2
    mkdir -p "$(dirname "$pidfile")"
    # 9>&-: the launcher's lock must not outlive it in the processes it starts
    setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null 9>&- &
    echo $! >"$pidfile"
}
