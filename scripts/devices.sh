# Simulated devices: each is its own Docker Engine in its own network namespace,
# with its own address on the host bridge and its Engine API on TCP port 2376 with
# mutual TLS (--tlsverify): a server certificate of the platform CA for its address,
# and only clients with a certificate of that CA get an answer. No plain TCP (2375).
# A stopped device is really gone: its engine ends and its link goes down.

DEVICE_API_PORT=2376
DEVICES_FILE=$STATE_DIR/devices.list   # one device name per line, in start order

device_netns() { echo "iotd-$1"; }
device_veth() { echo "iotd-$1"; }
device_index() { echo "${1#dev}"; }
device_address() { echo "$NET_PREFIX.$((10 + $(device_index "$1")))"; }
device_names() { [[ -s $DEVICES_FILE ]] && cat "$DEVICES_FILE" || true; }

# engine_curl ADDRESS PORT PATH [CURL_ARGS...]: a TLS device engine's API, with the platform's client certificate.
engine_curl() {
    local address=$1 port=$2 path=$3
    shift 3
    curl --cacert "$PKI_DIR/client/ca.pem" --cert "$PKI_DIR/client/cert.pem" --key "$PKI_DIR/client/key.pem" \
        "$@" "https://$address:$port$path"
}

device_api_ready() { engine_curl "$(device_address "$1")" "$DEVICE_API_PORT" /_ping -sf --max-time 2 -o /dev/null; }

# The device's server certificate (in pki_server_dir NAME): its address and name, signed by the platform CA.
device_tls_up() { pki_server_cert "$1" "$1" "IP:$(device_address "$1"),DNS:$1"; }

device_network_up() {
    local name=$1 ns veth address
    ns=$(device_netns "$name") veth=$(device_veth "$name") address=$(device_address "$name")
    [[ -e /var/run/netns/$ns ]] || ip netns add "$ns"
    if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
        ip link del "$veth" 2>/dev/null || true
        ip link add "$veth" type veth peer name eth0 netns "$ns"
        ip link set "$veth" master "$NET_BRIDGE"
        ip -n "$ns" addr add "$address/24" dev eth0
        ip -n "$ns" link set lo up
        ip -n "$ns" link set eth0 up
        ip -n "$ns" route add default via "$HOST_ADDRESS"
    fi
    ip link set "$veth" up
}

# device_shape NAME RATE|off: the device's link like a real one (RATE such as 50mbit, both ways: the host side
# of its veth shapes what it downloads, the device side what it sends), or unshaped again.
device_shape() {
    local name=$1 rate=$2 veth ns
    veth=$(device_veth "$name") ns=$(device_netns "$name")
    ip link show "$veth" >/dev/null 2>&1 || return 0 # not started
    if [[ $rate == off ]]; then
        tc qdisc del dev "$veth" root 2>/dev/null || true
        ip netns exec "$ns" tc qdisc del dev eth0 root 2>/dev/null || true
        return 0
    fi
    [[ $rate =~ ^[0-9]+(kbit|mbit|gbit)$ ]] || die "a link rate is a number and kbit, mbit or gbit: $rate"
    # a token bucket: the rate, a burst of about 10 ms of it, and at most 50 ms of queue
    tc qdisc replace dev "$veth" root tbf rate "$rate" burst 64kb latency 50ms
    ip netns exec "$ns" tc qdisc replace dev eth0 root tbf rate "$rate" burst 64kb latency 50ms
}

devices_shape() {
    local name
    for name in $(device_names); do device_shape "$name" "$1"; done
}

device_start() {
    local name=$1
    [[ $name =~ ^dev[0-9]+$ ]] || die "no such device: $name (devices are dev1, dev2, …)"
    device_network_up "$name"
    engine_running "$name" && return 0
    device_tls_up "$name"
    local tls
    tls=$(pki_server_dir "$name")
    engine_up "$name" "$(device_netns "$name")" -H "tcp://$(device_address "$name"):$DEVICE_API_PORT" \
        --tlsverify --tlscacert "$tls/ca.pem" --tlscert "$tls/cert.pem" --tlskey "$tls/key.pem"
    # callers wait for all devices at once
    grep -qx "$name" "$DEVICES_FILE" 2>/dev/null || echo "$name" >>"$DEVICES_FILE"
}

# device_onboard NAME BUNDLE: a simulated device set up the way a person sets up a real one: with the TLS bundle
# its owner downloaded from the platform (GET /api/devices/{id}/tls-bundle), whose install.sh runs below the
# device's own root folder ($STATE_DIR/devices/NAME/root), and dockerd started with the TLS settings that
# install.sh wrote into daemon.json. Nothing of the launcher's own certificates is used.
device_onboard() {
    local name=$1 bundle=$2 dir=$STATE_DIR/devices/$1
    [[ $name =~ ^dev[0-9]+$ ]] || die "no such device: $name (devices are dev1, dev2, …)"
    [[ -s $bundle ]] || die "no TLS bundle at $bundle"
    engine_running "$name" && die "device $name is running: stop it first (./iotdeploy device stop $name)"
    rm -rf "$dir" && mkdir -p "$dir/bundle" "$dir/root"
    tar -xzf "$bundle" -C "$dir/bundle" || die "$bundle is not a TLS bundle (.tar.gz)"
    local folder
    folder=$(find "$dir/bundle" -mindepth 2 -maxdepth 2 -name install.sh -printf '%h\n' | head -1)
    [[ -n $folder ]] || die "$bundle has no install.sh"
    # the device has Docker installed: Debian's docker.io, the same package as on this host
    local unit
    for unit in /lib/systemd/system/docker.service /usr/lib/systemd/system/docker.service; do
        [[ -f $unit ]] && { install -D -m 644 "$unit" "$dir/root$unit"; break; }
    done
    log "device $name: running the bundle's install.sh (root folder $dir/root; log: $LOG_DIR/$name-onboarding.log)"
    IOTDEPLOY_INSTALL_ROOT=$dir/root sh "$folder/install.sh" >>"$LOG_DIR/$name-onboarding.log" 2>&1 ||
        die "the bundle's install.sh failed for $name: see $LOG_DIR/$name-onboarding.log"
    local daemon=$dir/root/etc/docker/daemon.json tcp
    [[ $(jq -r '.tlsverify' "$daemon") == true ]] || die "$daemon does not turn on tlsverify"
    tcp=$(jq -r '.hosts[] | select(startswith("tcp://"))' "$daemon" | head -1)
    [[ -n $tcp ]] || die "$daemon has no tcp:// host"
    device_network_up "$name"
    engine_up "$name" "$(device_netns "$name")" -H "tcp://$(device_address "$name"):${tcp##*:}" --tlsverify \
        --tlscacert "$dir/root$(jq -r .tlscacert "$daemon")" --tlscert "$dir/root$(jq -r .tlscert "$daemon")" \
        --tlskey "$dir/root$(jq -r .tlskey "$daemon")"
    grep -qx "$name" "$DEVICES_FILE" 2>/dev/null || echo "$name" >>"$DEVICES_FILE"
    # the engine's certificate may name another address (that is what some tests try): wait for the port only
    wait_until 60 "device $name's Engine API port" bash -c "</dev/tcp/$(device_address "$name")/${tcp##*:}" ||
        die "device $name did not listen on $(device_address "$name"):${tcp##*:}: see $LOG_DIR/$name.log"
}

device_wait() {
    local name=$1
    wait_until 90 "device $name at $(device_address "$name"):$DEVICE_API_PORT" device_api_ready "$name" ||
        die "device $name did not answer on $(device_address "$name"):$DEVICE_API_PORT: see $LOG_DIR/$name.log"
}

device_stop() {
    local name=$1
    grep -qx "$name" "$DEVICES_FILE" 2>/dev/null || die "no such device: $name"
    engine_down "$name"
    ip link set "$(device_veth "$name")" down 2>/dev/null || true
    log "device $name is stopped (API unreachable)"
}

devices_up() {
    local count=$1 i name
    log "starting $count simulated device(s) (logs: $LOG_DIR/devN.log)"
    for i in $(seq 1 "$count"); do device_start "dev$i"; done
    for i in $(seq 1 "$count"); do device_wait "dev$i"; done
}

devices_down() {
    local name ns
    for name in $(device_names); do
        engine_down "$name"
        ip link del "$(device_veth "$name")" 2>/dev/null || true
    done
    for ns in $(ip netns list | awk '/^iotd-/{print $1}'); do ip netns del "$ns"; done
    rm -f "$DEVICES_FILE"
    rm -rf "$STATE_DIR/devices"
}

# The world's description for tests and scripts (device-client's TestWorld reads it): the x86 devices, then
# the arm64 ones, each a JSON object on its own line, gathered into one document. Replaced in one step, so that a
# test reading it while a device stops or starts sees the old or the new world.
write_world_file() {
    local name file=$STATE_DIR/world.json
    {
        for name in $(device_names); do
            jq -nc --arg n "$name" --arg a "$(device_address "$name")" --argjson p "$DEVICE_API_PORT" \
                '{name: $n, address: $a, apiPort: $p, tls: true}'
        done
        arm_devices_world_entries
    } | jq -s --arg private "$PRIVATE_REGISTRY" --arg upstream "$UPSTREAM_REGISTRY" \
        --arg engine "unix://$BUILD_ENGINE_SOCKET" --arg launcher "$ROOT/iotdeploy" --arg state "$STATE_DIR" \
        '{privateRegistry: $private, upstreamRegistry: $upstream, buildEngine: $engine, launcher: $launcher,
          stateDir: $state, devices: .}' >"$file.new"
    mv "$file.new" "$file"
}
