#!/usr/bin/env bash
# Prepares a directory from which server-config/start.sh starts chatstream in about two thirds of the time.
#   server-config/prepare-runtime.sh <payara-micro.jar> <chatstream.war> <runtime-dir>
# then start with CHATSTREAM_RUNTIME_DIR=<runtime-dir> (docs/operations.md, "Faster starts").
#
# Two steps, about 40 s on two cores:
#  1. Payara Micro unpacks its runtime into <runtime-dir> with a launcher that puts it on the JVM's class path.
#     Classes loaded from there, unlike from Payara's own class loader, can be kept in a JDK AOT cache (JEP 483).
#  2. A training run boots the server with the embedded default configuration, deploys the WAR, stops, and
#     writes <runtime-dir>/chatstream.aot: Payara's, Jersey's, Weld's and EclipseLink's classes already parsed
#     and linked, with the JIT's profiles of the boot.
# Redo it after changing the JDK or Payara Micro: the JVM then ignores the cache and says so. A new WAR does not
# need it (the WAR's own classes are not in the cache). One directory per running instance: Payara Micro keeps
# its working files there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ $# -ne 3 ]]; then
    echo "usage: server-config/prepare-runtime.sh <payara-micro.jar> <chatstream.war> <runtime-dir>" >&2
    exit 64
fi
micro_jar="$1"; war="$2"; runtime_dir="$3"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# A directory this script made before is replaced; any other directory with something in it is left alone.
if [[ -n "$(ls -A "$runtime_dir" 2>/dev/null)" && ! -f "$runtime_dir/prepare.log" ]]; then
    echo "$runtime_dir is not empty and not a prepared runtime: name a new directory" >&2
    exit 64
fi
rm -rf "$runtime_dir"
mkdir -p "$runtime_dir"
runtime_dir="$(cd "$runtime_dir" && pwd)"
log="$runtime_dir/prepare.log"
"$java_bin" -jar "$micro_jar" --rootdir "$runtime_dir" --outputlauncher > "$log" 2>&1

# The training run uses the embedded default (H2 in a scratch directory, the demo model) whatever this shell's
# environment and the settings file say, so preparing never touches a production database.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
: > "$scratch/no-settings.properties"
cp -a "$runtime_dir/config" "$runtime_dir/config.prepared"   # start.sh starts every run from this
env -i PATH="$PATH" HOME="$scratch" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
    CHATSTREAM_DATA_DIR="$scratch/data" CHATSTREAM_CONFIG_FILE="$scratch/no-settings.properties" \
    CHATSTREAM_RUNTIME_DIR="$runtime_dir" \
    JAVA_OPTS="-XX:AOTCacheOutput=$runtime_dir/chatstream.aot" \
    "$here/start.sh" "$micro_jar" "$war" --autobindhttp --warmup >> "$log" 2>&1
test -s "$runtime_dir/chatstream.aot" || { echo "no AOT cache written: see $log" >&2; exit 1; }
echo "prepared $runtime_dir; start with CHATSTREAM_RUNTIME_DIR=$runtime_dir"
