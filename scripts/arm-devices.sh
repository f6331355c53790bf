# arm64 devices: Raspberry-Pi-3-class virtual machines (qemu-system-aarch64, 2 Cortex-A53,
# 1 GiB), each a real arm64 kernel with its own Docker Engine. An engine under QEMU *user*
# emulation can pull but cannot start a container; a VM can (see DESIGN.md, "Devices for
# development and tests").
#
# The image is built once and cached in $CACHE_DIR/arm-device/ (vmlinuz, initrd.gz, disk.img).
# Each VM boots from a qcow2 overlay of disk.img ($STATE_DIR/arm-devices/NAME/disk.qcow2), so its
# pulled images and containers stay across stop/start. QEMU's user network forwards, on the
# host bridge's address (127.0.0.1 when the bridge is down):
#   HOST:2375N           -> the VM's Engine API, port 2376 with mutual TLS (arm1: 23751, arm2: 23752, …)
#   HOST:28000+10·N+k    -> the VM's port 18000+k, k = 0…9, for container ports published by
#                           tests (arm1: 28010-28019 -> 18000-18009, arm2: 28020-28029, …)
# Inside the VM the registries keep their names (10.77.0.1:5000/…, 10.77.0.1:5001/…): QEMU's user
# network reaches every address of the host, and 10.0.2.2:5000/5001 is rewritten to them as well.
# The VM's TLS material reaches it at every boot on a second, read-only disk (/dev/vdb): a tar with
# tls/{ca,cert,key}.pem (its server certificate for the forwarding address, of the platform CA) and
# certs.d/REGISTRY/ca.crt (the registries' CA), which iotdeploy-init unpacks into /run and /etc/docker.

ARM_DEVICE_DIR=$CACHE_DIR/arm-device
ARM_DEVICE_SCRIPTS=$ROOT/scripts/arm-device
ARM_DEVICES_FILE=$STATE_DIR/arm-devices.list # NAME ADDRESS API_PORT HOST_PORTS:VM_PORTS, in start order
ARM_DEVICE_SUITE=bookworm
ARM_DEVICE_MIRROR=${IOTDEPLOY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ARM_DEVICE_DISK_SIZE=3G
ARM_DEVICE_PACKAGES=(docker.io iptables linux-image-arm64 ca-certificates iproute2 kmod procps)
# What the initramfs loads, in this order, to mount the root disk (/dev/vda, ext4).
ARM_DEVICE_INITRD_MODULES=(crc32c_generic virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
    virtio_mmio virtio_blk crc16 mbcache jbd2 ext4)
ARM_DEVICE_API_PORT_BASE=23750   # armN's Engine API on the host: 23750 + N
ARM_DEVICE_APP_PORT_BASE=28000   # armN's app ports on the host: 28000 + 10·N + k -> VM 18000 + k
ARM_DEVICE_VM_APP_PORT=18000
ARM_DEVICE_APP_PORTS=10

arm_device_index() { echo "${1#arm}"; }
arm_device_api_port() { echo $((ARM_DEVICE_API_PORT_BASE + $(arm_device_index "$1"))); }
arm_device_app_port() { echo $((ARM_DEVICE_APP_PORT_BASE + 10 * $(arm_device_index "$1"))); }
arm_device_pidfile() { echo "$RUN_DIR/$1.qemu.pid"; }
arm_device_names() { [[ -s $ARM_DEVICES_FILE ]] && awk '{print $1}' "$ARM_DEVICES_FILE" || true; }

# The host address the forwards listen on: the bridge's, where the platform reaches its devices.
arm_device_address() {
    # not `ip … | grep -q`: under pipefail, grep's early exit can fail the pipeline with SIGPIPE
    if [[ $(ip -o -4 addr show 2>/dev/null) == *" $HOST_ADDRESS/"* ]]; then echo "$HOST_ADDRESS"; else echo 127.0.0.1; fi
}
# The address a running device was started with (from the list file), else where it would listen.
arm_device_listed_address() {
    local address
    address=$(awk -v n="$1" '$1 == n {print $2}' "$ARM_DEVICES_FILE" 2>/dev/null)
    echo "${address:-$(arm_device_address)}"
}

arm_device_api_ready() {
    engine_curl "$(arm_device_listed_address "$1")" "$(arm_device_api_port "$1")" /_ping -sf --max-time 3 -o /dev/null
}

# The VM's config disk (see the header): its server certificate and the registry's CA, as a tar.
arm_device_config_disk() {
    local name=$1 vmdir=$2 tls work=$2/config
    pki_server_cert "$name" "$name" "IP:$HOST_ADDRESS,IP:127.0.0.1,DNS:$name"
    tls=$(pki_server_dir "$name")
    rm -rf "$work" && mkdir -p "$work/tls" "$work/certs.d/$PRIVATE_REGISTRY" "$work/certs.d/$UPSTREAM_REGISTRY"
    (umask 077 && cp "$tls/ca.pem" "$tls/cert.pem" "$tls/key.pem" "$work/tls/") &&
        cp "$PKI_DIR/ca.pem" "$work/certs.d/$PRIVATE_REGISTRY/ca.crt" &&
        cp "$PKI_DIR/ca.pem" "$work/certs.d/$UPSTREAM_REGISTRY/ca.crt" &&
        (umask 077 && tar --owner=0 --group=0 -C "$work" -cf "$vmdir/config.tar" tls certs.d) ||
        die "cannot make the config disk of $name"
    rm -rf "$work"
}
arm_device_running() { pid_alive "$(arm_device_pidfile "$1")"; }

arm_device_image_ready() {
    [[ -s $ARM_DEVICE_DIR/vmlinuz && -s $ARM_DEVICE_DIR/initrd.gz && -s $ARM_DEVICE_DIR/disk.img ]]
}

# Builds the device image once: debootstrap of an arm64 Debian (second stage through binfmt),
# Docker and the arm64 kernel installed in a chroot, a hand-made initramfs (Debian's
# update-initramfs would take tens of minutes under emulation) and an ext4 disk made from the tree.
arm_device_image() {
    if arm_device_image_ready; then
        grep -qx "scripts $(arm_device_scripts_sum)" "$ARM_DEVICE_DIR/image.info" 2>/dev/null || arm_device_refresh_scripts
        return 0
    fi
    local log=$LOG_DIR/arm-device-image.log start=$SECONDS
    local work=$ARM_DEVICE_DIR/work
    local dir=$work/rootfs
    [[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] || enable_binfmt
    local tool
    for tool in debootstrap mkfs.ext4 cpio gzip xz chroot; do
        command -v "$tool" >/dev/null || die "building the arm64 device image needs $tool"
    done
    log "building the arm64 device image in $ARM_DEVICE_DIR (once; slow under emulation, ~10 min; log: $log)"
    mkdir -p "$ARM_DEVICE_DIR"
    arm_device_unmount "$dir"
    rm -rf "$work"
    mkdir -p "$work"
    {
        echo "=== $(date -u +%FT%TZ) debootstrap --variant=minbase --arch=arm64 $ARM_DEVICE_SUITE"
    } >>"$log"
    debootstrap --variant=minbase --arch=arm64 "$ARM_DEVICE_SUITE" "$dir" "$ARM_DEVICE_MIRROR" >>"$log" 2>&1 ||
        die "debootstrap of the arm64 device failed: see $log"
    log "arm64 device image: debootstrap done after $((SECONDS - start)) s; installing Docker and the kernel"
    # In a subshell: its EXIT trap unmounts the chroot's /proc, /sys and /dev whatever happens.
    (arm_device_chroot_install "$dir" >>"$log" 2>&1) || die "installing the arm64 device's packages failed: see $log"
    log "arm64 device image: packages installed after $((SECONDS - start)) s; making initramfs and disk"
    arm_device_make_initrd "$dir" "$work" >>"$log" 2>&1 || die "making the arm64 device's initramfs failed: see $log"
    install -m 755 "$ARM_DEVICE_SCRIPTS/iotdeploy-init" "$dir/sbin/iotdeploy-init"
    rm -f "$work/disk.img"
    mkfs.ext4 -q -F -L iotd-arm -d "$dir" "$work/disk.img" "$ARM_DEVICE_DISK_SIZE" >>"$log" 2>&1 ||
        die "making the arm64 device's disk failed: see $log"
    mv "$work/vmlinuz" "$work/initrd.gz" "$work/disk.img" "$ARM_DEVICE_DIR/"
    {
        echo "built $(date -u +%FT%TZ) in $((SECONDS - start)) s, kernel $(cat "$work/kernel-version")"
        echo "scripts $(arm_device_scripts_sum)"
    } >"$ARM_DEVICE_DIR/image.info"
    rm -rf "$work"
    log "arm64 device image built in $((SECONDS - start)) s"
    echo "=== built in $((SECONDS - start)) s" >>"$log"
}

# The version of the device's init scripts (scripts/arm-device/) that the cached image holds.
arm_device_scripts_sum() {
    cat "$ARM_DEVICE_SCRIPTS/initramfs-init" "$ARM_DEVICE_SCRIPTS/iotdeploy-init" | sha256sum | cut -c1-16
}

# scripts/arm-device/ changed since the image was built: writes the new init scripts into the cached
# initrd.gz and disk.img (seconds, not a rebuild). The VMs' overlays start afresh afterwards (their
# base changed), so this waits until no arm64 device runs.
arm_device_refresh_scripts() {
    local pidfile tmp=$ARM_DEVICE_DIR/refresh log=$LOG_DIR/arm-device-image.log
    for pidfile in "$RUN_DIR"/arm*.qemu.pid; do
        pid_alive "$pidfile" || continue
        log "scripts/arm-device/ changed, but arm64 devices run on the cached image: stop them to update it"
        return 0
    done
    command -v debugfs >/dev/null || die "updating the arm64 device image needs debugfs (e2fsprogs)"
    log "scripts/arm-device/ changed: updating the init scripts in the arm64 device image"
    rm -rf "$tmp" && mkdir -p "$tmp/initrd"
    {
        echo "=== $(date -u +%FT%TZ) updating the init scripts"
        (cd "$tmp/initrd" && gzip -dc "$ARM_DEVICE_DIR/initrd.gz" | cpio -id --quiet) &&
            install -m 755 "$ARM_DEVICE_SCRIPTS/initramfs-init" "$tmp/initrd/init" &&
            (cd "$tmp/initrd" && find . | cpio -o -H newc --quiet -R 0:0 | gzip -9) >"$tmp/initrd.gz" &&
            printf '%s\n' "cd /usr/sbin" "rm iotdeploy-init" "write $ARM_DEVICE_SCRIPTS/iotdeploy-init iotdeploy-init" \
                "sif iotdeploy-init mode 0100755" "sif iotdeploy-init uid 0" "sif iotdeploy-init gid 0" \
                >"$tmp/debugfs.cmds" &&
            debugfs -w -f "$tmp/debugfs.cmds" "$ARM_DEVICE_DIR/disk.img" &&
            debugfs -R "cat /usr/sbin/iotdeploy-init" "$ARM_DEVICE_DIR/disk.img" 2>/dev/null |
            cmp - "$ARM_DEVICE_SCRIPTS/iotdeploy-init"
    } >>"$log" 2>&1 || die "updating the arm64 device image failed: see $log (or delete $ARM_DEVICE_DIR to rebuild it)"
    mv "$tmp/initrd.gz" "$ARM_DEVICE_DIR/initrd.gz"
    sed -i '/^scripts /d; /^updated /d' "$ARM_DEVICE_DIR/image.info"
    {
        echo "updated $(date -u +%FT%TZ)"
        echo "scripts $(arm_device_scripts_sum)"
    } >>"$ARM_DEVICE_DIR/image.info"
    rm -rf "$tmp"
}

# Unmounts whatever is mounted below DIR (deepest first).
arm_device_unmount() {
    local dir=$1 mnt
    [[ -d $dir ]] || return 0
    for mnt in $(awk -v d="$(realpath "$dir")/" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r); do
        umount -l "$mnt" 2>/dev/null || true
    done
}

# Runs in a subshell (its trap unmounts on any exit); every step checks for itself.
arm_device_chroot_install() {
    local dir=$1
    trap 'arm_device_unmount "'"$dir"'"' EXIT
    mount --bind /proc "$dir/proc" || exit 1
    mount --bind /sys "$dir/sys" || exit 1
    mount --bind /dev "$dir/dev" || exit 1
    mount --bind /dev/pts "$dir/dev/pts" || exit 1
    # No services start in the chroot, and no initramfs is made: the device has its own.
    printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d" && chmod 755 "$dir/usr/sbin/policy-rc.d" || exit 1
    chroot "$dir" dpkg-divert --local --rename --add /usr/sbin/update-initramfs || exit 1
    printf '#!/bin/sh\necho "update-initramfs: skipped (the device has a hand-made initramfs)"\nexit 0\n' \
        >"$dir/usr/sbin/update-initramfs" && chmod 755 "$dir/usr/sbin/update-initramfs" || exit 1
    mkdir -p "$dir/etc/initramfs-tools"
    echo update_initramfs=no >"$dir/etc/initramfs-tools/update-initramfs.conf"
    echo "=== $(date -u +%FT%TZ) apt-get install ${ARM_DEVICE_PACKAGES[*]}"
    chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get update || exit 1
    chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        -o Dpkg::Options::=--force-confold "${ARM_DEVICE_PACKAGES[@]}" || exit 1
    # busybox-static for the initramfs, downloaded by the arm64 chroot itself: the host's apt stays as it is.
    rm -rf "$dir/tmp/busybox" && mkdir -p "$dir/tmp/busybox" || exit 1
    chroot "$dir" sh -c 'cd /tmp/busybox && apt-get download busybox-static' || exit 1
    chroot "$dir" apt-get clean
    rm -rf "$dir"/var/lib/apt/lists/* "$dir/usr/sbin/policy-rc.d"
    echo "=== $(date -u +%FT%TZ) packages installed"
}

# The initramfs: busybox, the modules for virtio and ext4 (uncompressed) and /init.
arm_device_make_initrd() {
    local dir=$1 work=$2 kver kdir initrd=$work/initrd m file
    kver=$(ls "$dir/lib/modules" | sort -V | tail -1)
    [[ -n $kver && -s $dir/boot/vmlinuz-$kver ]] || { echo "no arm64 kernel in $dir"; return 1; }
    echo "$kver" >"$work/kernel-version"
    cp "$dir/boot/vmlinuz-$kver" "$work/vmlinuz"
    kdir=$dir/lib/modules/$kver
    rm -rf "$initrd"
    mkdir -p "$initrd"/{bin,dev,proc,sys,newroot,lib/modules}
    dpkg-deb -x "$(ls "$dir"/tmp/busybox/busybox-static_*.deb)" "$work/busybox" || return 1
    cp "$work/busybox/bin/busybox" "$initrd/bin/busybox"
    : >"$initrd/modules"
    for m in "${ARM_DEVICE_INITRD_MODULES[@]}"; do
        file=$(find "$kdir/kernel" \( -name "$m.ko" -o -name "$m.ko.*" -o -name "${m//_/-}.ko" -o -name "${m//_/-}.ko.*" \) | head -1)
        if [[ -z $file ]]; then
            grep -Eq "/(${m}|${m//_/-})\.ko$" "$kdir/modules.builtin" && { echo "module $m is built in"; continue; }
            echo "module $m not found in $kdir"
            return 1
        fi
        case "$file" in
            *.ko) cp "$file" "$initrd/lib/modules/$m.ko" ;;
            *.ko.xz) xz -dc "$file" >"$initrd/lib/modules/$m.ko" ;;
            *.ko.zst) zstd -qdc "$file" >"$initrd/lib/modules/$m.ko" ;;
            *.ko.gz) gzip -dc "$file" >"$initrd/lib/modules/$m.ko" ;;
            *) echo "unknown module format: $file"; return 1 ;;
        esac
        echo "$m" >>"$initrd/modules"
        echo "initramfs: $m <- ${file#"$dir"}"
    done
    install -m 755 "$ARM_DEVICE_SCRIPTS/initramfs-init" "$initrd/init"
    (cd "$initrd" && find . | cpio -o -H newc --quiet -R 0:0 | gzip -9) >"$work/initrd.gz" || return 1
    rm -rf "$dir/tmp/busybox" "$work/busybox"
}

# arm_device_start NAME: boots the VM (armN) and waits for its Engine API.
arm_device_start() {
    local name=$1
    [[ $name =~ ^arm[1-9][0-9]*$ ]] || die "no such arm64 device: $name (they are arm1, arm2, …)"
    arm_device_image
    local index address api app vmdir pidfile
    index=$(arm_device_index "$name") api=$(arm_device_api_port "$name") app=$(arm_device_app_port "$name")
    pidfile=$(arm_device_pidfile "$name") vmdir=$STATE_DIR/arm-devices/$name
    if arm_device_running "$name"; then
        arm_device_wait "$name"
        return 0
    fi
    address=$(arm_device_address)
    [[ $address == "$HOST_ADDRESS" ]] || log "the bridge address $HOST_ADDRESS is not up; $name listens on $address"
    mkdir -p "$vmdir"
    # A VM's disk is an overlay of the cached image; a rebuilt image starts it afresh.
    if [[ ! -s $vmdir/disk.qcow2 ]] || ! cmp -s "$vmdir/image.info" "$ARM_DEVICE_DIR/image.info"; then
        rm -f "$vmdir/disk.qcow2"
        qemu-img create -q -f qcow2 -b "$ARM_DEVICE_DIR/disk.img" -F raw "$vmdir/disk.qcow2" ||
            die "cannot create the disk of $name"
        cp "$ARM_DEVICE_DIR/image.info" "$vmdir/image.info"
    fi
    arm_device_config_disk "$name" "$vmdir"
    local fwd="hostfwd=tcp:$address:$api-:2376" k
    for ((k = 0; k < ARM_DEVICE_APP_PORTS; k++)); do
        fwd+=",hostfwd=tcp:$address:$((app + k))-:$((ARM_DEVICE_VM_APP_PORT + k))"
    done
    log "starting arm64 device $name: Engine API on $address:$api, ports $address:$app-$((app + ARM_DEVICE_APP_PORTS - 1)) -> $ARM_DEVICE_VM_APP_PORT-$((ARM_DEVICE_VM_APP_PORT + ARM_DEVICE_APP_PORTS - 1)) (console: $LOG_DIR/$name.log)"
    echo "=== $(date -u +%FT%TZ) boot" >>"$LOG_DIR/$name.log"
    spawn "$name" "$pidfile" qemu-system-aarch64 -name "$name" \
        -M virt -cpu cortex-a53 -smp 2 -m 1024 \
        -kernel "$ARM_DEVICE_DIR/vmlinuz" -initrd "$ARM_DEVICE_DIR/initrd.gz" \
        -append "console=ttyAMA0 root=/dev/vda rw net.ifnames=0 init=/sbin/iotdeploy-init iotdeploy.hostname=$name iotdeploy.registries=$PRIVATE_REGISTRY,$UPSTREAM_REGISTRY" \
        -drive "file=$vmdir/disk.qcow2,if=virtio,format=qcow2" \
        -drive "file=$vmdir/config.tar,if=virtio,format=raw,readonly=on" \
        -netdev "user,id=n0,$fwd" -device virtio-net-pci,netdev=n0,romfile= \
        -nographic
    # The list file says where the device is (platform registration, world.json, arm_devices_down).
    local rest
    rest=$(awk -v n="$name" '$1 != n' "$ARM_DEVICES_FILE" 2>/dev/null || true)
    {
        [[ -n $rest ]] && echo "$rest"
        echo "$name $address $api $app-$((app + ARM_DEVICE_APP_PORTS - 1)):$ARM_DEVICE_VM_APP_PORT-$((ARM_DEVICE_VM_APP_PORT + ARM_DEVICE_APP_PORTS - 1))"
    } >"$ARM_DEVICES_FILE.tmp"
    mv "$ARM_DEVICES_FILE.tmp" "$ARM_DEVICES_FILE"
    arm_device_wait "$name"
}

arm_device_wait() {
    local name=$1
    # Boot under emulation, then dockerd starts: well under a minute (with TLS dockerd does not pause 15 s).
    local where
    where=$(arm_device_listed_address "$name"):$(arm_device_api_port "$name")
    wait_until 180 "arm64 device $name on $where" arm_device_ready_or_gone "$name" &&
        arm_device_running "$name" ||
        die "arm64 device $name did not answer on $where: see $LOG_DIR/$name.log"
}
# Ready, or no VM to wait for any more (arm_device_wait tells them apart).
arm_device_ready_or_gone() { ! arm_device_running "$1" || arm_device_api_ready "$1"; }

# arm_device_stop NAME: powers the VM off (its disk stays); the Engine API is gone afterwards.
arm_device_stop() {
    local name=$1
    [[ -n $(awk -v n="$name" '$1 == n' "$ARM_DEVICES_FILE" 2>/dev/null) ]] || arm_device_running "$name" ||
        die "no such arm64 device: $name"
    # SIGTERM: QEMU stops the VM and closes its disk cleanly (the guest's ext4 journal covers the rest).
    stop_pid "$(arm_device_pidfile "$name")" "$name"
    log "arm64 device $name is stopped (API unreachable)"
}

arm_devices_up() {
    local count=$1 i
    ((count > 0)) || return 0
    arm_device_image
    log "starting $count arm64 device(s) (logs: $LOG_DIR/armN.log)"
    local start=$SECONDS
    for i in $(seq 1 "$count"); do arm_device_start "arm$i"; done
    log "arm64 device(s) answer after $((SECONDS - start)) s"
}

arm_devices_down() {
    local name
    for name in $(arm_device_names); do
        stop_pid "$(arm_device_pidfile "$name")" "$name"
    done
    rm -f "$ARM_DEVICES_FILE"
}

# The arm64 devices as world.json entries (one JSON object per line), for write_world_file. A list line is
# NAME ADDRESS API_PORT HOST_FIRST-HOST_LAST:VM_FIRST-VM_LAST.
arm_devices_world_entries() {
    [[ -s $ARM_DEVICES_FILE ]] || return 0
    local name address api ports hosts vm
    while read -r name address api ports; do
        [[ -n $name ]] || continue
        hosts=${ports%%:*} vm=${ports#*:}
        jq -nc --arg n "$name" --arg a "$address" --argjson p "$api" \
            --argjson hf "${hosts%%-*}" --argjson hl "${hosts#*-}" --argjson df "${vm%%-*}" \
            '{name: $n, address: $a, apiPort: $p, tls: true, arch: "arm64",
              appPorts: {hostFirst: $hf, hostLast: $hl, deviceFirst: $df}}'
    done <"$ARM_DEVICES_FILE"
}
