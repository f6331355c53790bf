# Base images made from Debian packages, pushed to the upstream registry that
# plays Docker Hub's role here (no public registry is reachable).
# Sourced by ./iotdeploy; uses its variables and helpers.

BASE_ARCHES=(amd64 arm64)
DEBIAN_MIRROR=${IOTDEPLOY_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# base/java:17 — Debian bookworm minbase + OpenJDK 17 JRE.
# base/java-build:17 — the same plus what apt-based RUN steps usually want,
# the "larger base" of the thesis' scenario b.
base_image_names() { echo "java:17 java-build:17"; }

base_rootfs_packages() {
    case "$1" in
        java:17) echo "openjdk-17-jre-headless" ;;
        java-build:17) echo "openjdk-17-jre-headless,ca-certificates,curl,procps" ;;
    esac
}

# Builds the root file system of one image for one architecture into a tarball
# in the cache; arm64 runs debootstrap's second stage under QEMU user emulation.
make_base_rootfs() {
    local image=$1 arch=$2
    local tarball="$CACHE_DIR/rootfs/${image/:/-}-$arch.tar"
    [[ -s $tarball ]] && { echo "$tarball"; return; }
    mkdir -p "$CACHE_DIR/rootfs"
    local dir
    dir=$(mktemp -d "$CACHE_DIR/rootfs/build.XXXXXX")
    chmod 755 "$dir" # it becomes the image's /
    log "debootstrap $image for $arch (a few minutes; log: $LOG_DIR/base-$arch.log)"
    if ! debootstrap --variant=minbase --arch="$arch" --include="$(base_rootfs_packages "$image")" \
            bookworm "$dir" "$DEBIAN_MIRROR" >>"$LOG_DIR/base-$arch.log" 2>&1; then
        rm -rf "$dir"
        die "debootstrap of $image for $arch failed: see $LOG_DIR/base-$arch.log"
    fi
    # Keep the image lean: package caches, docs and man pages are not needed at run time.
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* \
        "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* \
        "$dir"/var/log/*.log "$dir"/var/cache/debconf/*-old
    tar --numeric-owner -C "$dir" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$dir"
    echo "$tarball"
}

# base_image_command push|index ARGS...: puts base images into a registry without a Docker daemon, over HTTPS
# as the builder (containerization-service's BaseImageCommand, beside the registry client it shares; its usage
# says what the arguments are). Needs the services built (world_up builds them first).
base_image_command() {
    IOTDEPLOY_STATE=$STATE_DIR java_entry_point containerization-service \
        io.iotdeploy.containerization.image.BaseImageCommand "$@"
}

base_image_present() {
    local image=$1
    curl -sf --max-time 5 -o /dev/null --cacert "$PKI_DIR/ca.pem" \
        -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json' \
        -H 'Accept: application/vnd.oci.image.index.v1+json' \
        "https://$UPSTREAM_REGISTRY/v2/base/${image%%:*}/manifests/${image##*:}"
}

# Every base image as one multi-architecture tag: base/java:17 resolves to the
# amd64 or arm64 image, whichever the pulling engine runs on.
base_images_up() {
    local image arch pids=() tarball
    for image in $(base_image_names); do
        base_image_present "$image" && continue
        # debootstrap per architecture in parallel: the arm64 one runs under emulation.
        for arch in "${BASE_ARCHES[@]}"; do
            make_base_rootfs "$image" "$arch" >/dev/null &
            pids+=($!)
        done
        local pid
        for pid in "${pids[@]}"; do wait "$pid" || die "making the root file systems of base/$image failed"; done
        pids=()
        local refs=()
        for arch in "${BASE_ARCHES[@]}"; do
            tarball=$(make_base_rootfs "$image" "$arch")
            log "pushing base/$image-$arch to the upstream registry"
            base_image_command push "$UPSTREAM_REGISTRY" "base/${image%%:*}" "${image##*:}-$arch" "$arch" "$tarball" \
                >>"$LOG_DIR/base-images.log" 2>&1 ||
                die "pushing base/$image-$arch failed: see $LOG_DIR/base-images.log"
            refs+=("${image##*:}-$arch")
        done
        base_image_command index "$UPSTREAM_REGISTRY" "base/${image%%:*}" "${image##*:}" "${refs[@]}" \
            >>"$LOG_DIR/base-images.log" 2>&1 || die "creating the manifest list base/$image failed: see $LOG_DIR/base-images.log"
        log "base/$image is in the upstream registry for ${BASE_ARCHES[*]}"
    done
}
