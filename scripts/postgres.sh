# A PostgreSQL server for the tests only: the repositories' tests run their Flyway migrations and queries on it as
# on HSQLDB (the platform's Docker / Swarm deployment runs on PostgreSQL). Debian's package, a cluster of its own on
# loopback, trusted local logins; made anew by every test run and stopped at its end. Its folder is outside the
# checkout: the postgres user it runs as may not be able to enter the checkout's folders (root's home, say).

TEST_POSTGRES_PORT=54329
TEST_POSTGRES_DIR=/tmp/iotdeploy-test-postgres

test_postgres_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [[ -x $bin/postgres ]] || die "PostgreSQL is not installed (apt-get install postgresql)"
    echo "$bin"
}

test_postgres_up() {
    local bin dir=$TEST_POSTGRES_DIR
    bin=$(test_postgres_bin)
    test_postgres_down
    rm -rf "$dir"
    mkdir -p "$dir"
    chown postgres: "$dir"
    log "starting PostgreSQL for the tests on 127.0.0.1:$TEST_POSTGRES_PORT (log: $dir/server.log)"
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A trust -U postgres >>"$LOG_DIR/postgres.log" 2>&1 \
        || die "initdb failed: see $LOG_DIR/postgres.log"
    # the server writes its own log, as the postgres user, in its own folder
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
        -o "-p $TEST_POSTGRES_PORT -h 127.0.0.1 -k $dir" start >/dev/null \
        || die "PostgreSQL did not start: see $dir/server.log"
    runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$TEST_POSTGRES_PORT" deployment \
        || die "createdb failed"
    export IOTDEPLOY_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$TEST_POSTGRES_PORT/deployment
}

test_postgres_down() {
    local dir=$TEST_POSTGRES_DIR bin
    [[ -f $dir/data/postmaster.pid ]] || return 0
    bin=$(test_postgres_bin)
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
