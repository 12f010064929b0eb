#!/usr/bin/env bash
# Starts chatstream on Payara Micro.
#   server-config/start.sh <payara-micro.jar> <chatstream.war> [more Payara Micro options]
# Environment: CHATSTREAM_HTTP_ADDRESS (default 127.0.0.1), CHATSTREAM_HTTP_PORT (default 8080),
# CHATSTREAM_CONFIG_FILE (default server-config/chatstream.properties), CHATSTREAM_VIRTUAL_THREAD_CARRIERS (64),
# CHATSTREAM_OPEN_FILES (default: the hard limit; open-files.sh),
# CHATSTREAM_RUNTIME_DIR (a directory made by server-config/prepare-runtime.sh: start from it, faster),
# JAVA_OPTS, and every chatstream setting (docs/configuration.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
micro_jar="$1"; war="$2"; shift 2
export CHATSTREAM_HTTP_ADDRESS="${CHATSTREAM_HTTP_ADDRESS:-127.0.0.1}"
export CHATSTREAM_CONFIG_FILE="${CHATSTREAM_CONFIG_FILE:-$here/chatstream.properties}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
. "$here/open-files.sh"
# Naming the JSON-P provider spares the server a class-path scan on every Json.createXxx call (MP-JWT
# parses each request's token that way).
# Carriers: a virtual thread that makes the JVM load a class keeps its carrier while it waits for Payara's
# class-loader lock. With the JDK's one carrier per core, the first burst of requests after a start could pin
# every carrier while the thread holding the lock waited for one, and the server stopped (docs/architecture.md,
# "Threads"). The JDK starts carriers only when there is work for them.
carriers="${CHATSTREAM_VIRTUAL_THREAD_CARRIERS:-64}"
# A prepared runtime directory (server-config/prepare-runtime.sh): Payara on the class path, and its AOT cache.
runtime=(-jar "$micro_jar")
runtime_dir="${CHATSTREAM_RUNTIME_DIR:-}"
if [[ -n "$runtime_dir" ]]; then
    if [[ ! -f "$runtime_dir/launch-micro.jar" || ! -d "$runtime_dir/config.prepared" ]]; then
        echo "CHATSTREAM_RUNTIME_DIR=$runtime_dir is not a prepared runtime: make it with server-config/prepare-runtime.sh" >&2
        exit 64
    fi
    # Payara Micro keeps the last run's configuration and deployments in this directory; begin every run from
    # the unpacked defaults, as a start from payara-micro.jar does (else the last run's WAR deploys once more).
    rm -rf "$runtime_dir/config" "$runtime_dir/applications" "$runtime_dir/autodeploy" "$runtime_dir/generated"
    cp -a "$runtime_dir/config.prepared" "$runtime_dir/config"
    runtime=(-jar "$runtime_dir/launch-micro.jar")
    if [[ -f "$runtime_dir/chatstream.aot" ]]; then
        runtime=("-XX:AOTCache=$runtime_dir/chatstream.aot" "${runtime[@]}")
    fi
fi
# shellcheck disable=SC2086
exec "$java_bin" -Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl \
    -Djdk.virtualThreadScheduler.parallelism="$carriers" ${JAVA_OPTS:-} "${runtime[@]}" \
    --deploy "$war" --contextroot / \
    --port "${CHATSTREAM_HTTP_PORT:-8080}" \
    --nocluster --interfaces 127.0.0.1 \
    --prebootcommandfile "$here/pre-boot-commands.txt" \
    "$@"
