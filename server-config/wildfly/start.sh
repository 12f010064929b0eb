#!/usr/bin/env bash
# Starts chatstream on WildFly 39, in the foreground.
#   server-config/wildfly/start.sh <wildfly-home> <chatstream.war> [more server arguments, e.g. -Dkey=value]
# <wildfly-home> is an unpacked org.wildfly:wildfly-dist zip; it is not changed, apart from a cache of the
# configured server in <wildfly-home>/chatstream/ (see below).
# Environment:
#   CHATSTREAM_HTTP_ADDRESS     address of the HTTP listener (default 127.0.0.1; 0.0.0.0 serves other machines)
#   CHATSTREAM_HTTP_PORT        HTTP port (default 8080)
#   CHATSTREAM_MANAGEMENT_PORT  WildFly's management port, on 127.0.0.1 (default 9990); it also serves
#                               MicroProfile Health: /health, /health/ready, /health/live, /health/started
#   CHATSTREAM_SERVER_DIR       this server's own directory, WildFly's jboss.server.base.dir (default
#                               <wildfly-home>/chatstream/server-<http port>): emptied and made anew on every
#                               start; its log/server.log is the server's log. Two servers may run from one
#                               <wildfly-home> with different ports and directories.
#   CHATSTREAM_CONFIG_FILE      the chatstream settings file (default server-config/chatstream.properties)
#   JAVA_HOME, JAVA_OPTS        the JDK, and more JVM options; -Dkey=value here (or as arguments) reaches
#                               MicroProfile Config as system properties. Every chatstream setting
#                               (docs/configuration.md) may also come from the environment.
# The JVM replaces this script (exec): stopping the process (SIGTERM) stops WildFly, and nothing is left behind.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ $# -lt 2 ]]; then
    echo "usage: $0 <wildfly-home> <chatstream.war> [server arguments]" >&2
    exit 64
fi
wildfly_home="$(cd "$1" && pwd)"
war="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
shift 2
[[ -f "$wildfly_home/jboss-modules.jar" ]] || { echo "$wildfly_home is not a WildFly installation" >&2; exit 64; }
[[ -f "$war" ]] || { echo "no such WAR: $war" >&2; exit 64; }

export CHATSTREAM_HTTP_ADDRESS="${CHATSTREAM_HTTP_ADDRESS:-127.0.0.1}"
export CHATSTREAM_CONFIG_FILE="${CHATSTREAM_CONFIG_FILE:-$(cd "$here/.." && pwd)/chatstream.properties}"
http_port="${CHATSTREAM_HTTP_PORT:-8080}"
management_port="${CHATSTREAM_MANAGEMENT_PORT:-9990}"
server_dir="${CHATSTREAM_SERVER_DIR:-$wildfly_home/chatstream/server-$http_port}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
. "$here/../open-files.sh"
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

# The configured server: the distribution's standalone/ folder after configure.cli, made once per
# distribution and script (the embedded CLI takes seconds) and kept under <wildfly-home>/chatstream/.
script="$here/configure.cli"
key="$(cat "$script" "$wildfly_home/standalone/configuration/standalone-microprofile.xml" | cksum | cut -d' ' -f1)"
template="$wildfly_home/chatstream/configured-$key"
if [[ ! -d "$template" ]]; then
    mkdir -p "$wildfly_home/chatstream"
    work="$(mktemp -d "$wildfly_home/chatstream/configuring.XXXXXX")"
    cp -a "$wildfly_home/standalone/." "$work/"
    JAVA_OPTS="-Xms32m -XX:TieredStopAtLevel=1" "$wildfly_home/bin/jboss-cli.sh" \
        "-Djboss.server.base.dir=$work" --file="$script" > "$work/configure.out" 2>&1 &
    cli=$!
    # stopped meanwhile: stop the CLI's JVM too, and leave nothing half made
    trap 'kill "$cli" 2>/dev/null; wait "$cli" || true; rm -rf "$work"; exit 143' TERM INT HUP
    if ! wait "$cli"; then
        cat "$work/configure.out" >&2
        echo "configuring WildFly failed ($script)" >&2
        rm -rf "$work"
        exit 1
    fi
    trap - TERM INT HUP
    rm -rf "$work/configure.out" "$work/configuration/standalone_xml_history" "$work/data" "$work/log" "$work/tmp"
    # another start may have made it meanwhile: either copy is as good
    mv -T "$work" "$template" 2>/dev/null || rm -rf "$work"
fi

# Every start begins from the configured server, as a start from payara-micro.jar does.
rm -rf "$server_dir"
mkdir -p "$(dirname "$server_dir")"
cp -a "$template" "$server_dir"
config="$server_dir/configuration/standalone-microprofile.xml"
shopt -u patsub_replacement 2>/dev/null || true # bash 5.2: '&' in a replacement is the match
xml_war="${war//&/&amp;}"; xml_war="${xml_war//</&lt;}"; xml_war="${xml_war//\"/&quot;}"
xml="$(<"$config")"
printf '%s\n' "${xml//'path="${chatstream.war}"'/"path=\"$xml_war\""}" > "$config"

# What standalone.sh would run, without its shell in between (so that signals reach the JVM): WildFly's
# default JVM options for JDK 17+ (bin/common.sh), then the caller's.
modular_options=(
    --add-exports=java.desktop/sun.awt=ALL-UNNAMED
    --add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED
    --add-exports=java.naming/com.sun.jndi.url.ldap=ALL-UNNAMED
    --add-exports=java.naming/com.sun.jndi.url.ldaps=ALL-UNNAMED
    --add-exports=jdk.naming.dns/com.sun.jndi.dns=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.net=ALL-UNNAMED
    --add-opens=java.base/java.security=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens=java.management/javax.management=ALL-UNNAMED
    --add-opens=java.naming/javax.naming=ALL-UNNAMED
)
set -f # JAVA_OPTS is split into words, but never expanded as file names (a JDBC URL's '?')
# shellcheck disable=SC2086
exec "$java_bin" -D"[Standalone]" -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true \
    -Djboss.modules.system.pkgs=org.jboss.byteman \
    "-Djdk.serialFilter=maxbytes=10485760;maxdepth=128;maxarray=100000;maxrefs=300000" \
    "${modular_options[@]}" ${JAVA_OPTS:-} \
    "-Dorg.jboss.boot.log.file=$server_dir/log/server.log" \
    "-Dlogging.configuration=file:$server_dir/configuration/logging.properties" \
    -jar "$wildfly_home/jboss-modules.jar" -mp "$wildfly_home/modules" org.jboss.as.standalone \
    "-Djboss.home.dir=$wildfly_home" "-Djboss.server.base.dir=$server_dir" \
    -c standalone-microprofile.xml \
    "-Djboss.bind.address=$CHATSTREAM_HTTP_ADDRESS" "-Djboss.http.port=$http_port" \
    "-Djboss.management.http.port=$management_port" \
    "-Djboss.tx.node.id=chatstream-$http_port" \
    "$@"
