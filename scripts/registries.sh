# Two distribution registries (Debian's docker-registry):
#  private  — the platform's registry: built application images, what devices pull;
#  upstream — plays Docker Hub's role here: base images, so that "a base image the
#             private registry has never seen" is a real case.

PRIVATE_REGISTRY=$HOST_ADDRESS:5000
UPSTREAM_REGISTRY=$HOST_ADDRESS:5001

registry_config() {
    local name=$1 addr=$2
    cat <<YAML
version: 0.1
log:
  level: info
  fields:
    service: $name
storage:
  filesystem:
    rootdirectory: $STATE_DIR/registries/$name
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: true
      age: 24h
      interval: 1h
      dryrun: false
http:
  addr: $addr
  headers:
    X-Content-Type-Options: [nosniff]
YAML
}

registry_ready() { curl -sf --max-time 2 "http://$1/v2/" >/dev/null; }

registry_up() {
    local name=$1 addr=$2
    local pidfile=$RUN_DIR/$name.pid
    if pid_alive "$pidfile" && registry_ready "$addr"; then return 0; fi
    mkdir -p "$STATE_DIR/registries/$name"
    registry_config "$name" "$addr" >"$STATE_DIR/registries/$name.yml"
    log "starting the $name registry on $addr (log: $LOG_DIR/$name.log)"
    spawn "$name" "$pidfile" docker-registry serve "$STATE_DIR/registries/$name.yml"
    wait_until 30 "the $name registry" registry_ready "$addr" ||
        die "the $name registry did not start on $addr: see $LOG_DIR/$name.log"
}

registries_up() {
    registry_up private-registry "$PRIVATE_REGISTRY"
    registry_up upstream-registry "$UPSTREAM_REGISTRY"
}

registry_stop() { stop_pid "$RUN_DIR/$1.pid" "$1"; }

registries_down() {
    registry_stop private-registry
    registry_stop upstream-registry
}
