#!/usr/bin/env bash
# Builds chatstream and the benchmark, then runs it (bench/README.md). Arguments go to the benchmark, e.g.
#   bench/run.sh                      all workloads, 3 repeats (about 25 minutes)
#   bench/run.sh --quick              every workload small, once: checks the benchmark works (about 3 minutes)
#   bench/run.sh --workloads bc       only workloads b and c
# The server starts from a runtime prepared by server-config/prepare-runtime.sh (target/bench-runtime, made anew
# each time); BENCH_PLAIN_START=1 starts it from payara-micro.jar instead.
# Pinning: BENCH_SERVER_CORES=0 BENCH_CLIENT_CORES=1 bench/run.sh puts chatstream on core 0 and the upstream
# and load generator on core 1 (taskset -c).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"

mvn -q -Prun -Dexec.skip=true package        # target/chatstream.war and target/payara-micro.jar
mvn -q -f bench/pom.xml package              # the load generator and the upstream

pin=()
options=()
if [[ "${BENCH_PLAIN_START:-0}" != 1 ]]; then
    server-config/prepare-runtime.sh target/payara-micro.jar target/chatstream.war target/bench-runtime
    options+=(--runtime-dir target/bench-runtime)
fi
if [[ -n "${BENCH_CLIENT_CORES:-}" ]]; then
    pin=(taskset -c "$BENCH_CLIENT_CORES")
    options+=(--client-cores "$BENCH_CLIENT_CORES")
fi
if [[ -n "${BENCH_SERVER_CORES:-}" ]]; then
    options+=(--server-cores "$BENCH_SERVER_CORES")
fi
exec "${pin[@]}" java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    dev.chatstream.bench.Bench "${options[@]}" "$@"
