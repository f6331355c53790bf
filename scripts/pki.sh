# The platform's certificate authority and the certificates the launcher issues with it.
#
#   $PKI_DIR/ca.key, ca.pem          the CA (created on the first `up`; the key 0600, the folder 0700).
#                                    machine-service signs device certificates with it as well.
#   $PKI_DIR/client/{ca,cert,key}.pem  the platform's client certificate: what the services show a
#                                    device's Docker Engine (Docker's own file names, so the folder
#                                    works as a DOCKER_CERT_PATH too)
#   $PKI_DIR/issued/NAME/{ca,cert,key}.pem  server certificates (devices, the registry)
#   $PKI_DIR/truststore.p12          Java's public CAs + the platform CA, for the services' JVMs
#
# RSA keys: every client in the path (Go's TLS in dockerd, docker-java's PEM reader, nginx, jib) takes them.

PKI_DIR=$STATE_DIR/pki
PKI_DAYS=825
PKI_TRUSTSTORE_PASSWORD=changeit # holds only public certificates

pki_up() {
    command -v openssl >/dev/null || die "the platform's certificate authority needs openssl"
    mkdir -p "$PKI_DIR"
    chmod 700 "$PKI_DIR"
    if [[ ! -s $PKI_DIR/ca.key || ! -s $PKI_DIR/ca.pem ]]; then
        log "creating the platform's certificate authority in $PKI_DIR"
        (umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days 3650 \
            -keyout "$PKI_DIR/ca.key" -out "$PKI_DIR/ca.pem" \
            -subj "/O=IoT Deploy/CN=IoT Deploy platform CA $(hostname -s 2>/dev/null || echo host) $(date -u +%Y%m%d%H%M%S)" \
            -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" \
            -addext "subjectKeyIdentifier=hash" 2>>"$LOG_DIR/pki.log") ||
            die "creating the certificate authority failed: see $LOG_DIR/pki.log"
        rm -rf "$PKI_DIR/client" "$PKI_DIR/issued" "$PKI_DIR/truststore.p12"
    fi
    chmod 600 "$PKI_DIR/ca.key"
    pki_issue "$PKI_DIR/client" "iotdeploy-platform" clientAuth ""
    pki_truststore
}

# pki_issue DIR COMMON_NAME serverAuth|clientAuth SUBJECT_ALT_NAMES: a key and a certificate signed by the
# CA in DIR (ca.pem, cert.pem, key.pem), unless DIR already holds one for the same CA and names.
pki_issue() {
    local dir=$1 cn=$2 usage=$3 san=$4
    local want
    want="$(sha256sum <"$PKI_DIR/ca.pem" | cut -c1-16) $cn $usage $san"
    if [[ -s $dir/cert.pem && -s $dir/key.pem && $(cat "$dir/issued.info" 2>/dev/null) == "$want" ]]; then
        return 0
    fi
    mkdir -p "$dir"
    chmod 700 "$dir"
    local ext=$dir/ext.cnf
    {
        echo "basicConstraints=critical,CA:FALSE"
        echo "keyUsage=critical,digitalSignature,keyEncipherment"
        echo "extendedKeyUsage=$usage"
        echo "authorityKeyIdentifier=keyid"
        [[ -n $san ]] && echo "subjectAltName=$san"
    } >"$ext"
    (umask 077 && openssl req -new -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/req.csr" \
        -subj "/O=IoT Deploy/CN=$cn" &&
        openssl x509 -req -in "$dir/req.csr" -CA "$PKI_DIR/ca.pem" -CAkey "$PKI_DIR/ca.key" -CAcreateserial \
            -sha256 -days "$PKI_DAYS" -extfile "$ext" -out "$dir/cert.pem") >>"$LOG_DIR/pki.log" 2>&1 ||
        die "issuing the certificate for $cn failed: see $LOG_DIR/pki.log"
    cp "$PKI_DIR/ca.pem" "$dir/ca.pem"
    chmod 600 "$dir/key.pem"
    rm -f "$dir/req.csr" "$ext"
    echo "$want" >"$dir/issued.info"
}

# pki_server_cert NAME COMMON_NAME SUBJECT_ALT_NAMES: a server certificate in $PKI_DIR/issued/NAME/.
pki_server_cert() { pki_issue "$PKI_DIR/issued/$1" "$2" serverAuth "$3"; }
pki_server_dir() { echo "$PKI_DIR/issued/$1"; }

# Java's own public CAs plus the platform CA: the services' JVMs trust the registry's certificate through it.
pki_truststore() {
    local store=$PKI_DIR/truststore.p12 fingerprint
    fingerprint=$(openssl x509 -noout -fingerprint -sha256 -in "$PKI_DIR/ca.pem" | cut -d= -f2)
    if [[ -s $store && $(cat "$PKI_DIR/truststore.info" 2>/dev/null) == "$fingerprint" ]]; then
        return 0
    fi
    rm -f "$store"
    local cacerts=/etc/ssl/certs/java/cacerts
    [[ -s $cacerts ]] || cacerts=$(dirname "$(readlink -f "$(command -v java)")")/../lib/security/cacerts
    if [[ -s $cacerts ]]; then
        keytool -importkeystore -noprompt -srckeystore "$cacerts" -srcstorepass changeit \
            -destkeystore "$store" -deststoretype PKCS12 -deststorepass "$PKI_TRUSTSTORE_PASSWORD" \
            >>"$LOG_DIR/pki.log" 2>&1 || die "copying Java's CA certificates failed: see $LOG_DIR/pki.log"
    fi
    keytool -importcert -noprompt -alias iotdeploy-platform-ca -file "$PKI_DIR/ca.pem" \
        -keystore "$store" -storetype PKCS12 -storepass "$PKI_TRUSTSTORE_PASSWORD" >>"$LOG_DIR/pki.log" 2>&1 ||
        die "making the services' trust store failed: see $LOG_DIR/pki.log"
    echo "$fingerprint" >"$PKI_DIR/truststore.info"
}

# JVM options that make a Java process trust the platform CA (services, tests, the benchmark).
pki_jvm_opts() {
    echo "-Djavax.net.ssl.trustStore=$PKI_DIR/truststore.p12 -Djavax.net.ssl.trustStorePassword=$PKI_TRUSTSTORE_PASSWORD -Djavax.net.ssl.trustStoreType=PKCS12"
}
