#!/usr/bin/env bash
# Starts chatstream on Payara Micro.
#   server-config/start.sh <payara-micro.jar> <chatstream.war> [more Payara Micro options]
# Environment: CHATSTREAM_HTTP_ADDRESS (default 127.0.0.1), CHATSTREAM_HTTP_PORT (default 8080),
# CHATSTREAM_CONFIG_FILE (default server-config/chatstream.properties), CHATSTREAM_VIRTUAL_THREAD_CARRIERS (64),
# JAVA_OPTS, and every chatstream setting (docs/configuration.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
micro_jar="$1"; war="$2"; shift 2
export CHATSTREAM_HTTP_ADDRESS="${CHATSTREAM_HTTP_ADDRESS:-127.0.0.1}"
export CHATSTREAM_CONFIG_FILE="${CHATSTREAM_CONFIG_FILE:-$here/chatstream.properties}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Naming the JSON-P provider spares the server a class-path scan on every Json.createXxx call (MP-JWT
# parses each request's token that way).
# Carriers: a virtual thread that makes the JVM load a class keeps its carrier while it waits for Payara's
# class-loader lock. With the JDK's one carrier per core, the first burst of requests after a start could pin
# every carrier while the thread holding the lock waited for one, and the server stopped (docs/architecture.md,
# "Threads"). The JDK starts carriers only when there is work for them.
carriers="${CHATSTREAM_VIRTUAL_THREAD_CARRIERS:-64}"
# shellcheck disable=SC2086
exec "$java_bin" -Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl \
    -Djdk.virtualThreadScheduler.parallelism="$carriers" ${JAVA_OPTS:-} -jar "$micro_jar" \
    --deploy "$war" --contextroot / \
    --port "${CHATSTREAM_HTTP_PORT:-8080}" \
    --nocluster --interfaces 127.0.0.1 \
    --prebootcommandfile "$here/pre-boot-commands.txt" \
    "$@"
