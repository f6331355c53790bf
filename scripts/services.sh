# The platform's Spring Boot services: built once with Maven, each run as its own
# JVM with its log in the state folder.

# name:port, in start order (the gateway last). containerization-service runs once per CPU architecture:
# NAME@ARCH is an instance of module NAME for linux/ARCH.
SERVICES=(auth-service:8081 machine-service:8082 containerization-service:8083 containerization-service@arm64:8084
    deployment-service:8085 logging-service:8086 audit-service:8087 web-service:8080)
JVM_OPTS=${IOTDEPLOY_JVM_OPTS:--XX:+UseSerialGC -Xss512k -XX:MaxRAMPercentage=10 -XX:TieredStopAtLevel=1}

service_name() { echo "${1%%:*}"; }
service_module() { local name=${1%%:*}; echo "${name%%@*}"; }
service_platform() { local name=${1%%:*}; [[ $name == *@* ]] && echo "linux/${name##*@}" || echo linux/amd64; }
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
        services_install
        return 0
    fi
    log "building the services (mvn package; log: $LOG_DIR/build.log)"
    (cd "$ROOT" && mvn -B -DskipTests package) >"$LOG_DIR/build.log" 2>&1 ||
        die "the build failed: see $LOG_DIR/build.log"
    echo "$stamp" >"$STATE_DIR/build.stamp"
    services_install
}

# java_entry_point MODULE CLASS ARGS...: one of the launcher's commands written in Java beside the code it shares
# (the base image push beside the registry client, the internal token beside its issuer), run from the installed
# copy of MODULE's Spring Boot jar (services_build): the jar's PropertiesLauncher starts CLASS instead of the service.
java_entry_point() {
    local module=$1 main=$2 jar
    shift 2
    jar=$STATE_DIR/lib/$module.jar
    [[ -f $jar ]] || die "$jar is missing: the services must be built first (services_build)"
    java -XX:+UseSerialGC -cp "$jar" -Dloader.main="$main" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}

# The shared secret of the internal tokens (the gateway's authority inside the platform).
ensure_secrets() {
    mkdir -p "$STATE_DIR/secrets"
    chmod 700 "$STATE_DIR/secrets"
    local key=$STATE_DIR/secrets/internal-token.key
    if [[ ! -s $key ]]; then
        (umask 077 && head -c 48 /dev/urandom | base64 -w0 >"$key")
    fi
    chmod 600 "$key"
}

# Services (and the launcher's Java commands) run from copies, so that a build (`mvn verify` of the tests) never
# replaces a jar in use; a copy that changed is replaced by a rename, never rewritten in place under a running JVM.
services_install() {
    mkdir -p "$STATE_DIR/lib"
    local s name
    for s in "${SERVICES[@]}"; do
        name=$(service_module "$s")
        if ! cmp -s "$ROOT/$name/target/$name.jar" "$STATE_DIR/lib/$name.jar"; then
            cp "$ROOT/$name/target/$name.jar" "$STATE_DIR/lib/$name.jar.new"
            mv -f "$STATE_DIR/lib/$name.jar.new" "$STATE_DIR/lib/$name.jar"
        fi
    done
}

all_jars_present() {
    local s
    for s in "${SERVICES[@]}"; do
        [[ -f $ROOT/$(service_module "$s")/target/$(service_module "$s").jar ]] || return 1
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

# Runs the jars that services_build made (world_up builds them before the base images, which need them).
services_up() {
    services_install
    ensure_secrets
    mkdir -p "$STATE_DIR/run" "$STATE_DIR/data"
    # The first start creates the admin: with IOTDEPLOY_ADMIN_PASSWORD when set, else a generated password
    # that is printed once and stored nowhere in plain text.
    ADMIN_PASSWORD_GENERATED=
    if [[ ! -d $STATE_DIR/data/auth && -z ${IOTDEPLOY_ADMIN_PASSWORD:-} ]]; then
        IOTDEPLOY_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
        ADMIN_PASSWORD_GENERATED=$IOTDEPLOY_ADMIN_PASSWORD
    fi
    local s name port
    for s in "${SERVICES[@]}"; do
        name=$(service_name "$s") port=$(service_port "$s")
        pid_alive "$(service_pidfile "$name")" && continue
        local extra_env=()
        [[ $name == auth-service && -n ${IOTDEPLOY_ADMIN_PASSWORD:-} ]] &&
            extra_env=("IOTDEPLOY_ADMIN_PASSWORD=$IOTDEPLOY_ADMIN_PASSWORD")
        [[ $name == containerization-service* ]] &&
            extra_env=("IOTDEPLOY_CONTAINERIZATION_PORT=$port" "IOTDEPLOY_CONTAINERIZATION_PLATFORM=$(service_platform "$s")")
        # shellcheck disable=SC2046,SC2086
        spawn "$name" "$(service_pidfile "$name")" env $(service_env) "${extra_env[@]}" \
            java $JVM_OPTS $(pki_jvm_opts) -jar "$STATE_DIR/lib/$(service_module "$s").jar"
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

# device_json NAME ADDRESS PORT: the device as status --json shows it, asked of its engine right now.
device_json() {
    local info state=offline arch=
    if info=$(engine_curl "$2" "$3" /info -sf --max-time 3); then
        state=online
        arch=$(jq -r '.Architecture // empty' <<<"$info")
    fi
    jq -n --arg n "$1" --arg a "$2" --argjson p "$3" --arg arch "$arch" --arg st "$state" \
        '{name: $n, address: $a, apiPort: $p, architecture: (if $arch == "" then null else $arch end), state: $st}'
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
        devices+=("$(device_json "$name" "$(device_address "$name")" "$DEVICE_API_PORT")")
    done
    for name in $(arm_device_names); do
        devices+=("$(device_json "$name" "$(arm_device_listed_address "$name")" "$(arm_device_api_port "$name")")")
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

# Registers the simulated devices for the admin, straight at machine-service with an internal token
# (the launcher knows no password after the first start); a device already registered answers 409.
register_devices() {
    local token name
    token=$(java_entry_point machine-service io.iotdeploy.token.InternalTokenCommand \
        "$STATE_DIR/secrets/internal-token.key" admin admin) || die "making the launcher's internal token failed"
    for name in $(device_names); do
        register_device "$token" "$name" "$(device_address "$name")" "$DEVICE_API_PORT"
    done
    for name in $(arm_device_names); do
        register_device "$token" "$name" "$(arm_device_listed_address "$name")" "$(arm_device_api_port "$name")"
    done
}

register_device() {
    local token=$1 name=$2 address=$3 port=$4 status
    status=$(curl -s -o "$LOG_DIR/register-$name.json" -w '%{http_code}' --max-time 30 \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "$(jq -nc --arg n "$name" --arg a "$address" --argjson p "$port" '{name: $n, address: $a, port: $p}')" \
        http://127.0.0.1:8082/devices) || status=000
    case "$status" in
        201 | 409) ;;
        *) log "registering device $name for admin failed (HTTP $status): see $LOG_DIR/register-$name.json" ;;
    esac
}

print_welcome() {
    cat >&2 <<TEXT

IoT Deploy is running.
  dashboard:  http://localhost:8080/
  registry:   https://$PRIVATE_REGISTRY (users $REGISTRY_BUILDER_USER, $REGISTRY_DEVICE_USER: passwords in $STATE_DIR/secrets/)
              (upstream, Docker Hub's role: $UPSTREAM_REGISTRY)
  devices:    Engine API with mutual TLS; client certificate: DOCKER_CERT_PATH=$PKI_DIR/client
              $(for n in $(device_names); do printf '%s (%s:%s)  ' "$n" "$(device_address "$n")" "$DEVICE_API_PORT"; done)$(
    for n in $(arm_device_names); do printf '%s (arm64, %s:%s)  ' "$n" "$(arm_device_listed_address "$n")" "$(arm_device_api_port "$n")"; done)
  logs:       $LOG_DIR/
  stop with:  ./iotdeploy down
TEXT
    if [[ -n ${ADMIN_PASSWORD_GENERATED:-} ]]; then
        cat >&2 <<TEXT
  log in as:  admin / $ADMIN_PASSWORD_GENERATED
              (generated now and shown only this once; change it in the dashboard)
TEXT
    else
        echo "  log in as:  admin, with the password shown by the first ./iotdeploy up (or IOTDEPLOY_ADMIN_PASSWORD)" >&2
    fi
}
