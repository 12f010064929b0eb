#!/usr/bin/env bash
# Builds chatstream and the benchmark, then runs it (bench/README.md). Arguments go to the benchmark, e.g.
#   bench/run.sh                      all workloads, 3 repeats (about 25 minutes)
#   bench/run.sh --quick              every workload small, once: checks the benchmark works (about 3 minutes;
#                                     1½ more for the Spring AI peer)
#   bench/run.sh --workloads bc       only workloads b and c
#   bench/run.sh --cluster            (b) at 256 streams on a single server and in cluster mode (Redis), side by side
#   bench/run.sh --servers            the start and (b) at 256 streams on Payara Micro, WildFly and Open Liberty, side
#                                     by side (--servers payara,wildfly: some of them)
#   bench/run.sh --openai             (b) at 256 streams through /api/v1/chat/stream and through the OpenAI-compatible
#                                     API on one server, side by side
#   bench/run.sh --war W --micro M    a WAR and payara-micro.jar built before: builds neither (only the benchmark)
#   bench/run.sh --no-peer            without the Spring AI peer (bench/peers/spring-ai), which the workloads
#                                     otherwise run through too, side by side with chatstream
# The server starts from a runtime prepared by server-config/prepare-runtime.sh (target/bench-runtime, made anew
# each time; BENCH_RUNTIME_DIR names another directory); BENCH_PLAIN_START=1 starts it from payara-micro.jar instead.
# Pinning: BENCH_SERVER_CORES=0 BENCH_CLIENT_CORES=1 bench/run.sh puts chatstream on core 0 and the upstream
# and load generator on core 1 (taskset -c).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"

war=target/chatstream.war
micro=target/payara-micro.jar
given_war=0
arguments=("$@")
for ((i = 0; i + 1 < ${#arguments[@]}; i++)); do
    case "${arguments[i]}" in
        --war) war="${arguments[i + 1]}"; given_war=1 ;;
        --micro) micro="${arguments[i + 1]}" ;;
    esac
done
if [[ "$given_war" == 0 ]]; then
    mvn -q -Prun -Dexec.skip=true package    # target/chatstream.war and target/payara-micro.jar
elif [[ ! -f "$micro" ]]; then
    echo "with --war, name payara-micro.jar with --micro (no $micro)" >&2
    exit 64
fi
# --servers: WildFly and Open Liberty from Maven Central, in the versions pom.xml builds and tests with, unpacked
# once into bench/target/servers/ (bench/pom.xml, profile servers)
bench_profile=()
server_homes=()
if [[ " ${arguments[*]} " == *" --servers "* ]]; then
    version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
    wildfly_version="$(version wildfly.version)"
    liberty_version="$(version openliberty.version)"
    bench_profile=(-Pservers "-Dwildfly.version=$wildfly_version" "-Dopenliberty.version=$liberty_version")
    server_homes=(--wildfly-home "bench/target/servers/wildfly-$wildfly_version"
                  --liberty-home bench/target/servers/liberty/wlp)
fi
mvn -q -f bench/pom.xml "${bench_profile[@]}" package   # the load generator and the upstream
peer=()
if [[ " ${arguments[*]} " != *" --no-peer "* ]]; then
    mvn -q -f bench/peers/spring-ai/pom.xml package   # the Spring AI peer, from Maven Central
    peer=(--peer-jar bench/peers/spring-ai/target/spring-ai-peer.jar)
fi

pin=()
options=()
if [[ "${BENCH_PLAIN_START:-0}" != 1 ]]; then
    runtime_dir="${BENCH_RUNTIME_DIR:-target/bench-runtime}"
    server-config/prepare-runtime.sh "$micro" "$war" "$runtime_dir"
    options+=(--runtime-dir "$runtime_dir")
fi
if [[ -n "${BENCH_CLIENT_CORES:-}" ]]; then
    pin=(taskset -c "$BENCH_CLIENT_CORES")
    options+=(--client-cores "$BENCH_CLIENT_CORES")
fi
if [[ -n "${BENCH_SERVER_CORES:-}" ]]; then
    options+=(--server-cores "$BENCH_SERVER_CORES")
fi
exec "${pin[@]}" java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    dev.chatstream.bench.Bench "${options[@]}" "${server_homes[@]}" "${peer[@]}" "$@"
