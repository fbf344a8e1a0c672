# Sourced by scripts: start and stop a local in-memory Tansu broker on a free loopback port.
# Sets BROKER_ADDRESS and BROKER_PID; broker_stop is safe to call twice.
TANSU="${DATELINE_TANSU:-$(pwd)/.venv/bin/tansu}"
[ -x "$TANSU" ] || { echo "error: Tansu broker not found at $TANSU (run scripts/setup.sh)" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

broker_start() {
    local port
    port="$(free_port)"
    BROKER_ADDRESS="127.0.0.1:$port"
    mkdir -p var
    "$TANSU" broker --listener-url "tcp://$BROKER_ADDRESS" --advertised-listener-url "tcp://$BROKER_ADDRESS" \
        >var/tansu.log 2>&1 &
    BROKER_PID=$!
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "== Tansu broker listening on $BROKER_ADDRESS (pid $BROKER_PID)"
            return 0
        fi
        kill -0 "$BROKER_PID" 2>/dev/null || { cat var/tansu.log >&2; echo "error: Tansu exited" >&2; exit 1; }
        sleep 0.1
    done
    echo "error: Tansu did not listen on $BROKER_ADDRESS within 10 s" >&2
    exit 1
}

broker_create_topic() {
    "$TANSU" topic create "$1" --partitions "$2" --broker "tcp://$BROKER_ADDRESS" >>var/tansu.log 2>&1 \
        || { echo "error: could not create topic $1" >&2; exit 1; }
}

broker_stop() {
    if [ -n "${BROKER_PID:-}" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
        kill -TERM "$BROKER_PID" 2>/dev/null || true
        # Tansu takes ~5 s to exit on SIGTERM; do not wait longer than that.
        for _ in $(seq 1 60); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$BROKER_PID" 2>/dev/null || true
        wait "$BROKER_PID" 2>/dev/null || true
    fi
    BROKER_PID=""
}
