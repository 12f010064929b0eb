#!/usr/bin/env bash
# Starts chatstream on Open Liberty, in the foreground.
#   server-config/liberty/start.sh <liberty-home> <chatstream.war> [more "server run" options]
# <liberty-home> is an unpacked io.openliberty:openliberty-runtime zip (the wlp directory); it is only read.
# Environment: CHATSTREAM_HTTP_ADDRESS (default 127.0.0.1), CHATSTREAM_HTTP_PORT (default 8080), CHATSTREAM_CONFIG_FILE (default server-config/chatstream.properties),
# CHATSTREAM_SERVER_DIR (the server's own directory: configuration, logs/messages.log, work area; default
# <liberty-home>/usr; give each server that runs at the same time its own), CHATSTREAM_VIRTUAL_THREAD_CARRIERS (default: one per core),
# JAVA_HOME, JAVA_OPTS (more JVM options; -Dkey=value settings reach MicroProfile Config), and every chatstream
# setting (docs/configuration.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ $# -lt 2 ]]; then
    echo "usage: $0 <liberty-home> <chatstream.war> [server run options]" >&2
    exit 64
fi
wlp="$(cd "$1" && pwd)"; war="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2
if [[ ! -x "$wlp/bin/server" ]]; then
    echo "$wlp is not an Open Liberty installation (no bin/server)" >&2
    exit 64
fi
export CHATSTREAM_HTTP_ADDRESS="${CHATSTREAM_HTTP_ADDRESS:-127.0.0.1}"
export CHATSTREAM_HTTP_PORT="${CHATSTREAM_HTTP_PORT:-8080}"
export CHATSTREAM_HTTPS_PORT="${CHATSTREAM_HTTPS_PORT:--1}"
export CHATSTREAM_CONFIG_FILE="${CHATSTREAM_CONFIG_FILE:-$(dirname "$here")/chatstream.properties}"
export CHATSTREAM_WAR="$war"

# The server's directory starts from this directory's files at every run: nothing from the last run (its
# configuration, logs, deployments) carries over but Liberty's work area, a cache of resolved features, bundles and
# the WAR's annotations that Liberty checks against the configuration and the WAR at every start (it halves a
# start). "start.sh <home> <war> --clean" starts without it. Logs: $WLP_USER_DIR/servers/chatstream/logs.
export WLP_USER_DIR="${CHATSTREAM_SERVER_DIR:-$wlp/usr}"
mkdir -p "$WLP_USER_DIR"
export WLP_USER_DIR="$(cd "$WLP_USER_DIR" && pwd)"
unset WLP_OUTPUT_DIR LOG_DIR LOG_FILE
# Liberty would run the JVM in the server's directory, where the default data folder (./data: the embedded
# database, the dev signing key) would be removed with the rest at the next start. Relative paths resolve against
# the directory start.sh is called from, as on Payara.
export SERVER_WORKING_DIR="$PWD"
. "$here/../open-files.sh"
server_dir="$WLP_USER_DIR/servers/chatstream"
# One server per directory: a second start would rebuild the directory under the running one. The lock is held by
# the server's JVM itself (this shell execs it), so it ends with the server.
exec 9>"$WLP_USER_DIR/.chatstream.lock"
if ! flock -n 9; then
    echo "A chatstream server already runs in $WLP_USER_DIR (CHATSTREAM_SERVER_DIR): give this one a directory of its own" >&2
    exit 75
fi
mkdir -p "$server_dir"
find "$server_dir" -mindepth 1 -maxdepth 1 ! -name workarea -exec rm -rf {} +
cp "$here/server.xml" "$server_dir/"
# Carriers: the JDK's default (one per core) unless CHATSTREAM_VIRTUAL_THREAD_CARRIERS says otherwise.
carriers=()
if [[ -n "${CHATSTREAM_VIRTUAL_THREAD_CARRIERS:-}" ]]; then
    carriers=("-Djdk.virtualThreadScheduler.parallelism=$CHATSTREAM_VIRTUAL_THREAD_CARRIERS")
fi
# JAVA_OPTS, split at white space as by the Payara script, go to the server's jvm.options one per line: Liberty's
# script runs JVM_ARGS through eval, where the ';' and '&' of JDBC URLs would end the command.
read -r -a java_opts <<< "${JAVA_OPTS:-}"
printf '%s\n' ${carriers[@]+"${carriers[@]}"} ${java_opts[@]+"${java_opts[@]}"} > "$server_dir/jvm.options"
# "server run" replaces itself with the server's JVM (exec): a SIGTERM to this process stops the server.
exec "$wlp/bin/server" run chatstream "$@"
