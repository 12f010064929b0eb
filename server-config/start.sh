#!/usr/bin/env bash
# Starts chatstream on Payara Micro.
#   server-config/start.sh <payara-micro.jar> <chatstream.war> [more Payara Micro options]
# Environment: CHATSTREAM_HTTP_ADDRESS (default 127.0.0.1), CHATSTREAM_HTTP_PORT (default 8080),
# CHATSTREAM_CONFIG_FILE (default server-config/chatstream.properties), CHATSTREAM_VIRTUAL_THREAD_CARRIERS (default: one per core),
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
# Carriers: the JDK's default (one per core) unless CHATSTREAM_VIRTUAL_THREAD_CARRIERS says otherwise. The
# application loads the classes its streaming path names at start, so that a burst of first requests does not
# hold every carrier waiting for Payara's class-loader lock (docs/architecture.md, "Threads").
carriers=()
if [[ -n "${CHATSTREAM_VIRTUAL_THREAD_CARRIERS:-}" ]]; then
    carriers=("-Djdk.virtualThreadScheduler.parallelism=$CHATSTREAM_VIRTUAL_THREAD_CARRIERS")
fi
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
    ${carriers[@]+"${carriers[@]}"} ${JAVA_OPTS:-} "${runtime[@]}" \
    --deploy "$war" --contextroot / \
    --port "${CHATSTREAM_HTTP_PORT:-8080}" \
    --nocluster --interfaces 127.0.0.1 \
    --prebootcommandfile "$here/pre-boot-commands.txt" \
    "$@"
