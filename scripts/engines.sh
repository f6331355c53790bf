# Docker Engines the platform runs: the build host's engine and one per simulated
# device. Each has its own containerd, data root, exec root, socket and registry
# trust, so whatever else runs on the machine (a system dockerd or containerd)
# does not decide how the platform builds or where a device's containers live.
# Both registries are trusted through the platform CA in /etc/docker/certs.d/
# (registry_trust_up).

BUILD_ENGINE=build-engine
BUILD_ENGINE_SOCKET=$RUN_DIR/$BUILD_ENGINE.sock

docker_at() { DOCKER_HOST=$1 /usr/bin/docker "${@:2}"; }
build_docker() { docker_at "unix://$BUILD_ENGINE_SOCKET" "$@"; }
engine_socket() { echo "$RUN_DIR/$1.sock"; }

engine_running() {
    pid_alive "$RUN_DIR/$1/dockerd.pid" && docker_at "unix://$(engine_socket "$1")" version >/dev/null 2>&1
}

# engine_up NAME NETNS|"" EXTRA_DOCKERD_ARGS...: starts containerd and dockerd,
# inside the network namespace NETNS when given (via nsenter, not `ip netns exec`,
# which remounts /sys and hides the cgroup mounts from dockerd).
engine_up() {
    local name=$1 netns=$2
    shift 2
    local run=$RUN_DIR/$name data=$STATE_DIR/engines/$name
    local enter=()
    # A device also gets its own host name (its engine reports it as Name in /info).
    [[ -n $netns ]] && enter=(nsenter "--net=/var/run/netns/$netns" unshare --uts --
        sh -c 'hostname "$0" && exec "$@"' "$name")
    mkdir -p "$run/containerd" "$data/containerd"
    cat >"$run/containerd.toml" <<TOML
version = 2
root = "$data/containerd"
state = "$run/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$run/containerd/containerd.sock"
TOML
    spawn "$name-containerd" "$run/containerd.pid" "${enter[@]}" containerd --config "$run/containerd.toml"
    wait_until 30 "containerd of $name" test -S "$run/containerd/containerd.sock" ||
        die "containerd of $name did not start: see $LOG_DIR/$name-containerd.log"
    spawn "$name" "$run/dockerd.pid" "${enter[@]}" dockerd \
        --containerd "$run/containerd/containerd.sock" \
        --data-root "$data" --exec-root "$run/exec" --pidfile "$run/dockerd.daemon.pid" \
        -H "unix://$(engine_socket "$name")" \
        "$@"
}

engine_wait() {
    local name=$1 timeout=${2:-60}
    wait_until "$timeout" "the Docker Engine of $name" docker_at "unix://$(engine_socket "$name")" version ||
        die "the Docker Engine of $name did not start: see $LOG_DIR/$name.log"
}

engine_down() {
    local name=$1
    stop_pid "$RUN_DIR/$name/dockerd.pid" "$name"
    stop_pid "$RUN_DIR/$name/containerd.pid" "$name-containerd"
    rm -f "$(engine_socket "$name")"
}

build_engine_up() {
    engine_running "$BUILD_ENGINE" && return 0
    log "starting the build host's Docker Engine (log: $LOG_DIR/$BUILD_ENGINE.log)"
    engine_up "$BUILD_ENGINE" "" --bridge "$BUILD_BRIDGE"
    engine_wait "$BUILD_ENGINE" 60
}

build_engine_down() { engine_down "$BUILD_ENGINE"; }
