#!/bin/sh
# The image's entrypoint: runs the service named by the container's first argument (or
# $SERVICE), or socket-client with the rest of the arguments:
#   podman run IMAGE http-info        kubectl run --image=IMAGE x -- socket-client echo host:8080 hi
services="echo-tcp counter-udp unix-status chat http-info"
service="${1:-${SERVICE:-}}"
[ $# -gt 0 ] && shift
case "$service" in
    echo-tcp) main=dev.socketsuite.echo.Main ;;
    counter-udp) main=dev.socketsuite.counter.Main ;;
    unix-status) main=dev.socketsuite.status.Main ;;
    chat) main=dev.socketsuite.chat.Main ;;
    http-info) main=dev.socketsuite.info.Main ;;
    socket-client) exec /usr/local/bin/socket-client "$@" ;;
    "")
        echo "socket-suite: name the service to run: one of $services (or socket-client)" >&2
        exit 2
        ;;
    *)
        echo "socket-suite: no service '$service': run one of $services (or socket-client)" >&2
        exit 2
        ;;
esac
# JVM settings for a small pod (docs/performance.md, "JVM settings"): Serial GC, as no GC threads then
# compete for the pod's core; a heap fixed at half the memory limit, so the other half holds
# metaspace, code, thread stacks and socket buffers. No perf data file: the root filesystem
# may be read-only. /app/jvm.args holds the class path all six share and the class-data
# archive made for it at build time (half the start time). java is PID 1 and gets SIGTERM itself.
# shellcheck disable=SC2086 # $JAVA_OPTS is a word list
exec /opt/java/bin/java -XX:+UseSerialGC -XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=50 \
    -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData @/app/jvm.args ${JAVA_OPTS:-} "$main" "$@"
