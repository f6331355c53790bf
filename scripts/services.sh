# The platform's Spring Boot services: built once with Maven, each run as its own
# JVM with its log in the state folder.

# name:port, in start order (the gateway last).
SERVICES=(auth-service:8081 machine-service:8082 containerization-service:8083
    deployment-service:8085 logging-service:8086 audit-service:8087 web-service:8080)
JVM_OPTS=${IOTDEPLOY_JVM_OPTS:--XX:+UseSerialGC -Xss512k -XX:MaxRAMPercentage=10 -XX:TieredStopAtLevel=1}

service_name() { echo "${1%%:*}"; }
service_port() { echo "${1##*:}"; }
service_pidfile() { echo "$STATE_DIR/run/$1.pid"; }
service_health_url() { echo "http://127.0.0.1:$1/actuator/health"; }
service_healthy() { curl -sf --max-time 2 "$(service_health_url "$1")" | grep -q '"status":"UP"'; }

# Sources, poms and the launcher decide the build; an unchanged tree is not rebuilt.
source_stamp() {
    (cd "$ROOT" && find . -path ./.iotdeploy -prune -o -path '*/target' -prune -o -path ./.git -prune -o \
        -type f \( -path '*/src/main/*' -o -name pom.xml \) -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
}

services_build() {
    local stamp
    stamp=$(source_stamp)
    if [[ -f $STATE_DIR/build.stamp && $(cat "$STATE_DIR/build.stamp") == "$stamp" ]] && all_jars_present; then
        return 0
    fi
    log "building the services (mvn package; log: $LOG_DIR/build.log)"
    (cd "$ROOT" && mvn -B -DskipTests package) >"$LOG_DIR/build.log" 2>&1 ||
        die "the build failed: see $LOG_DIR/build.log"
    echo "$stamp" >"$STATE_DIR/build.stamp"
}

# Services run from copies, so that a build (`mvn verify` of the tests) never replaces a running jar.
services_install() {
    mkdir -p "$STATE_DIR/lib"
    local s name
    for s in "${SERVICES[@]}"; do
        name=$(service_name "$s")
        cp "$ROOT/$name/target/$name.jar" "$STATE_DIR/lib/$name.jar"
    done
}

all_jars_present() {
    local s
    for s in "${SERVICES[@]}"; do
        [[ -f $ROOT/$(service_name "$s")/target/$(service_name "$s").jar ]] || return 1
    done
}

# Everything a service needs to know about the world, as environment variables
# that its application.yml maps onto its properties.
service_env() {
    echo IOTDEPLOY_STATE="$STATE_DIR"
    echo IOTDEPLOY_PRIVATE_REGISTRY="$PRIVATE_REGISTRY"
    echo IOTDEPLOY_UPSTREAM_REGISTRY="$UPSTREAM_REGISTRY"
    echo IOTDEPLOY_BUILD_ENGINE="unix://$BUILD_ENGINE_SOCKET"
}

services_up() {
    services_build
    services_install
    mkdir -p "$STATE_DIR/run" "$STATE_DIR/data"
    local s name port
    for s in "${SERVICES[@]}"; do
        name=$(service_name "$s") port=$(service_port "$s")
        pid_alive "$(service_pidfile "$name")" && continue
        # shellcheck disable=SC2046,SC2086
        spawn "$name" "$(service_pidfile "$name")" env $(service_env) \
            java $JVM_OPTS -jar "$STATE_DIR/lib/$name.jar"
    done
    log "waiting for the services to be healthy"
    for s in "${SERVICES[@]}"; do
        name=$(service_name "$s") port=$(service_port "$s")
        wait_until 120 "$name on port $port" service_healthy "$port" ||
            die "$name is not healthy on port $port: see $LOG_DIR/$name.log"
    done
}

services_down() {
    local s
    for s in "${SERVICES[@]}"; do
        stop_pid "$(service_pidfile "$(service_name "$s")")" "$(service_name "$s")"
    done
}

world_running() {
    engine_running "$BUILD_ENGINE" && registry_ready "$PRIVATE_REGISTRY" && registry_ready "$UPSTREAM_REGISTRY" &&
        [[ -s $STATE_DIR/world.json ]]
}

platform_running() {
    world_running || return 1
    local s
    for s in "${SERVICES[@]}"; do
        pid_alive "$(service_pidfile "$(service_name "$s")")" || return 1
    done
}

device_state() {
    if device_api_ready "$1"; then echo online; else echo offline; fi
}

device_arch() {
    curl -sf --max-time 3 "http://$(device_address "$1"):$DEVICE_API_PORT/info" | jq -r '.Architecture // empty' 2>/dev/null || true
}

status_json() {
    local s name port services=() devices=()
    for s in "${SERVICES[@]}"; do
        name=$(service_name "$s") port=$(service_port "$s")
        local health=down
        service_healthy "$port" && health=up
        services+=("$(jq -n --arg n "$name" --arg u "http://127.0.0.1:$port" --arg h "$health" \
            '{name: $n, url: $u, health: $h}')")
    done
    for name in $(device_names); do
        devices+=("$(jq -n --arg n "$name" --arg a "$(device_address "$name")" --argjson p "$DEVICE_API_PORT" \
            --arg arch "$(device_arch "$name")" --arg st "$(device_state "$name")" \
            '{name: $n, address: $a, apiPort: $p, architecture: (if $arch == "" then null else $arch end), state: $st}')")
    done
    local reg_state=down up_state=down engine_state=down
    registry_ready "$PRIVATE_REGISTRY" && reg_state=up
    registry_ready "$UPSTREAM_REGISTRY" && up_state=up
    engine_running "$BUILD_ENGINE" && engine_state=up
    jq -n --argjson services "[$(IFS=,; echo "${services[*]}")]" --argjson devices "[$(IFS=,; echo "${devices[*]}")]" \
        --arg reg "$PRIVATE_REGISTRY" --arg regst "$reg_state" --arg up "$UPSTREAM_REGISTRY" --arg upst "$up_state" \
        --arg eng "unix://$BUILD_ENGINE_SOCKET" --arg engst "$engine_state" --arg dash "http://localhost:8080/" \
        '{dashboard: $dash, services: $services,
          registry: {address: $reg, state: $regst}, upstreamRegistry: {address: $up, state: $upst},
          buildEngine: {address: $eng, state: $engst}, devices: $devices}'
}

status_text() {
    status_json | jq -r '
        "services:",
        (.services[] | "  \(.name | . + " " * (26 - length)) \(.url)  \(.health)"),
        "registry:           \(.registry.address)  \(.registry.state)",
        "upstream registry:  \(.upstreamRegistry.address)  \(.upstreamRegistry.state)",
        "build engine:       \(.buildEngine.address)  \(.buildEngine.state)",
        "devices:",
        (if (.devices | length) == 0 then "  (none)" else
            (.devices[] | "  \(.name)  \(.address):\(.apiPort)  \(.architecture // "-")  \(.state)") end)'
}

print_welcome() {
    cat >&2 <<TEXT

IoT Deploy is running.
  dashboard:  http://localhost:8080/
  registry:   $PRIVATE_REGISTRY (upstream, Docker Hub's role: $UPSTREAM_REGISTRY)
  devices:    $(for n in $(device_names); do printf '%s (%s:%s)  ' "$n" "$(device_address "$n")" "$DEVICE_API_PORT"; done)
  logs:       $LOG_DIR/
  stop with:  ./iotdeploy down
TEXT
}
