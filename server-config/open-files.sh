# Sourced by the start scripts. Every open stream holds two sockets, and a new conversation a third for a moment
# (docs/operations.md, "Open files"): the soft open-files limit is raised to CHATSTREAM_OPEN_FILES, by default the
# hard limit, so that the streams the hard limit allows can open. Raising the hard limit itself is the operator's
# (limits.conf, systemd's LimitNOFILE, the container's ulimits).
open_files="${CHATSTREAM_OPEN_FILES:-$(ulimit -Hn)}"
if ! ulimit -n "$open_files" 2>/dev/null; then
    echo "Could not raise the open-files limit to $open_files; it stays $(ulimit -n) (docs/operations.md, \"Open files\")" >&2
fi
