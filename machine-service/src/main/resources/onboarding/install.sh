#!/bin/sh
# IoT Deploy: TLS for the Docker Engine of device @@DEVICE@@ (@@ADDRESS@@).
#
# Run it on the device, as root, from the folder it came in:
#     tar xzf @@BUNDLE@@ && cd @@FOLDER@@ && sudo sh install.sh
#
# What it does (run it again and again: what is already in place stays as it is):
#  1. puts the platform's CA and this device's own certificate and key (serial @@SERIAL@@, valid until
#     @@EXPIRES@@) in /etc/docker/iotdeploy/; the key is readable by root only
#  2. makes Docker trust the platform's registry (@@REGISTRIES@@): /etc/docker/certs.d/<registry>/ca.crt
#  3. sets the TLS settings in /etc/docker/daemon.json (settings of yours there stay): dockerd listens on
#     tcp://@@LISTEN@@:@@PORT@@ with TLS only, and answers only clients with a certificate of the platform's CA;
#     the local socket /var/run/docker.sock stays as it is
#  4. a systemd drop-in, /etc/systemd/system/docker.service.d/iotdeploy-tls.conf, that starts dockerd without
#     "-H fd://": with "hosts" in daemon.json as well, dockerd refuses to start
#  5. restarts Docker (only if something changed) and checks that it listens on port @@PORT@@
#
# Needs Debian or Raspberry Pi OS with Docker installed (apt-get install docker.io, or Docker's own docker-ce).
# To see what it would write without touching the system: IOTDEPLOY_INSTALL_ROOT=/tmp/try sh install.sh
# (writes below /tmp/try instead of /, restarts nothing).
set -eu

PORT=@@PORT@@
REGISTRIES='@@REGISTRIES@@'
ROOT=${IOTDEPLOY_INSTALL_ROOT:-}
HERE=$(cd "$(dirname "$0")" && pwd)
CERT_DIR=/etc/docker/iotdeploy
DROP_IN=/etc/systemd/system/docker.service.d/iotdeploy-tls.conf
CHANGED=no

say() { printf '%s\n' "$*"; }
fail() {
    printf 'install.sh: %s\n' "$*" >&2
    exit 1
}

# install_file SOURCE TARGET MODE: copies SOURCE to $ROOT/TARGET unless it is there already, with MODE
install_file() {
    target=$ROOT$2
    if [ -f "$target" ] && cmp -s "$1" "$target"; then
        chmod "$3" "$target"
        say "   unchanged: $2"
        return 0
    fi
    mkdir -p "$(dirname "$target")"
    cp "$1" "$target.iotdeploy-new"
    chmod "$3" "$target.iotdeploy-new"
    mv "$target.iotdeploy-new" "$target"
    CHANGED=yes
    say "   written:   $2"
}

if [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then
    fail "run it as root: sudo sh install.sh"
fi
for file in ca.pem cert.pem key.pem daemon.json; do
    [ -f "$HERE/$file" ] || fail "$file is missing: run install.sh from the folder of the unpacked bundle"
done
UNIT=
for candidate in /etc/systemd/system/docker.service /lib/systemd/system/docker.service \
    /usr/lib/systemd/system/docker.service; do
    if [ -f "$ROOT$candidate" ]; then
        UNIT=$ROOT$candidate
        break
    fi
done
[ -n "$UNIT" ] || fail "Docker is not installed (no docker.service): apt-get install docker.io, then run this again"

say "1. The platform's CA and this device's certificate and key, in $CERT_DIR"
mkdir -p "$ROOT$CERT_DIR"
chmod 755 "$ROOT$CERT_DIR"
install_file "$HERE/ca.pem" "$CERT_DIR/ca.pem" 644
install_file "$HERE/cert.pem" "$CERT_DIR/cert.pem" 644
install_file "$HERE/key.pem" "$CERT_DIR/key.pem" 600

say "2. Docker trusts the platform's CA for the registry"
for registry in $REGISTRIES; do
    install_file "$HERE/ca.pem" "/etc/docker/certs.d/$registry/ca.crt" 644
done

say "3. TLS settings in /etc/docker/daemon.json"
DAEMON_JSON=$ROOT/etc/docker/daemon.json
if [ ! -s "$DAEMON_JSON" ]; then
    install_file "$HERE/daemon.json" /etc/docker/daemon.json 644
elif command -v python3 >/dev/null 2>&1; then
    # ours over yours: every other setting stays
    python3 - "$DAEMON_JSON" "$HERE/daemon.json" "$HERE/daemon.json.merged" <<'PYTHON' ||
import json, sys
with open(sys.argv[1]) as current_file:
    current = json.load(current_file)
with open(sys.argv[2]) as ours_file:
    current.update(json.load(ours_file))
with open(sys.argv[3], "w") as merged:
    json.dump(current, merged, indent=2)
    merged.write("\n")
PYTHON
        fail "/etc/docker/daemon.json is not valid JSON: correct it (or move it away), then run this again"
    install_file "$HERE/daemon.json.merged" /etc/docker/daemon.json 644
    rm -f "$HERE/daemon.json.merged"
elif cmp -s "$HERE/daemon.json" "$DAEMON_JSON"; then
    say "   unchanged: /etc/docker/daemon.json"
else
    cp "$DAEMON_JSON" "$DAEMON_JSON.before-iotdeploy"
    install_file "$HERE/daemon.json" /etc/docker/daemon.json 644
    say "   NOTE: without python3 your settings could not be merged: they are in daemon.json.before-iotdeploy;"
    say "         copy what you need from there into /etc/docker/daemon.json and run this again."
fi

say "4. dockerd started without -H flags (the sockets are in daemon.json)"
EXEC_START=$(grep -E '^ExecStart=.*dockerd' "$UNIT" | head -n 1 | sed -e 's/^ExecStart=//') ||
    EXEC_START=
[ -n "$EXEC_START" ] || fail "no dockerd command line in $UNIT: is this Docker's own docker.service?"
EXEC_START=$(printf '%s\n' "$EXEC_START" | sed -E 's/[[:space:]]+(-H|--host)([[:space:]]+|=)[^[:space:]]+//g')
printf '%s\n' \
    "# IoT Deploy (install.sh): dockerd takes its sockets from /etc/docker/daemon.json (\"hosts\"); a -H flag here" \
    "# as well would keep it from starting. Remove this file and daemon.json's \"hosts\" to undo." \
    "[Service]" \
    "ExecStart=" \
    "ExecStart=$EXEC_START" >"$HERE/iotdeploy-tls.conf"
install_file "$HERE/iotdeploy-tls.conf" "$DROP_IN" 644
rm -f "$HERE/iotdeploy-tls.conf"

say "5. Docker"
if [ -n "$ROOT" ]; then
    say "   trying out below $ROOT: would now run 'systemctl daemon-reload' and 'systemctl restart docker'"
    exit 0
fi
if [ "$CHANGED" = yes ]; then
    systemctl daemon-reload
    systemctl restart docker || fail "Docker did not start again: see journalctl -u docker.service -n 50"
    say "   restarted"
else
    say "   nothing changed: not restarted"
fi
tries=0
until docker info >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 30 ] || fail "Docker does not answer on /var/run/docker.sock: see journalctl -u docker.service -n 50"
    sleep 1
done
if command -v ss >/dev/null 2>&1 && ! ss -ltn | grep -q ":$PORT "; then
    fail "dockerd does not listen on port $PORT: see journalctl -u docker.service -n 50"
fi
say ""
say "Done: Docker on this device listens on port $PORT with TLS and answers only the platform."
say "Port $PORT must be reachable from the platform (a firewall such as ufw: ufw allow $PORT/tcp)."
@@AFTERWARDS@@
