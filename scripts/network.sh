# The host bridge that joins the registries and the simulated devices:
# the registries listen on its address, each device has its own address on it.

NET_BRIDGE=iotd0
NET_PREFIX=10.77.0
HOST_ADDRESS=$NET_PREFIX.1
# The build host's engine gets a bridge of its own for the containers of RUN steps.
BUILD_BRIDGE=iotdbuild0
BUILD_BRIDGE_CIDR=10.77.255.1/24

ensure_bridge() {
    local name=$1 cidr=$2
    ip link show "$name" >/dev/null 2>&1 || ip link add "$name" type bridge
    # not `ip … | grep -q`: under pipefail grep's early exit can fail the pipeline (SIGPIPE) and add it twice
    [[ $(ip addr show dev "$name") == *"inet $cidr "* ]] || ip addr add "$cidr" dev "$name"
    ip link set "$name" up
}

network_up() {
    ensure_bridge "$NET_BRIDGE" "$HOST_ADDRESS/24"
    ensure_bridge "$BUILD_BRIDGE" "$BUILD_BRIDGE_CIDR"
}

network_down() {
    local name
    for name in "$NET_BRIDGE" "$BUILD_BRIDGE"; do
        ip link show "$name" >/dev/null 2>&1 && ip link del "$name"
    done
    return 0
}
