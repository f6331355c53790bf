# What the platform needs from Debian, installed when missing.

# nginx and apache2-utils (htpasswd): the private registry's TLS and authentication front. python3: the
# onboarding bundle's install.sh merges a device's existing daemon.json with it (its tests run it here too).
# postgresql: the tests run the repositories on it too (scripts/postgres.sh).
DEBIAN_PACKAGES=(docker.io docker-registry containerd runc iptables iproute2 debootstrap
    qemu-user-static binfmt-support curl jq python3 util-linux openjdk-17-jdk-headless maven
    qemu-system-arm qemu-utils e2fsprogs cpio xz-utils zstd chromium chromium-driver
    openssl nginx apache2-utils postgresql)

install_packages() {
    local missing=() p
    for p in "${DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        log "installing Debian packages: ${missing[*]} (log: $LOG_DIR/apt.log)"
        { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; } \
            >>"$LOG_DIR/apt.log" 2>&1 || die "apt-get install failed: see $LOG_DIR/apt.log"
        # On a machine with systemd the packages start their own registry on :5000;
        # the platform runs its registries itself, on its own addresses.
        if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then
            log "stopping and disabling the packaged docker-registry service (it holds port 5000)"
            systemctl disable --now docker-registry >>"$LOG_DIR/apt.log" 2>&1 || true
        fi
    fi
    local java_major
    java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    [[ ${java_major%%.*} -ge 17 ]] || die "Java 17 or later is needed (found ${java_major:-none})"
    command -v mvn >/dev/null || die "Maven is needed (apt-get install maven)"
}

# arm64 base images and builds run under QEMU user emulation on this x86 host.
enable_binfmt() {
    [[ -e /proc/sys/fs/binfmt_misc/register ]] ||
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null ||
        die "cannot mount binfmt_misc: arm64 emulation is unavailable"
    [[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] ||
        update-binfmts --enable qemu-aarch64 >>"$LOG_DIR/apt.log" 2>&1 ||
        die "cannot enable qemu-aarch64 in binfmt_misc"
}
