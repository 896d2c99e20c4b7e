#!/bin/sh
# The image's entrypoint: runs the service named by the container's first argument (or
# $SERVICE), or socket-client with the rest of the arguments:
#   podman run IMAGE http-info        kubectl run --image=IMAGE x -- socket-client echo host:8080 hi
services="echo-tcp counter-udp unix-status chat http-info"
service="${1:-${SERVICE:-}}"
[ $# -gt 0 ] && shift
if [ "$service" = socket-client ]; then
    exec /usr/local/bin/socket-client "$@"
fi
case " $services " in
    *" $service "*) ;;
    *)
        if [ -z "$service" ]; then
            echo "socket-suite: name the service to run: one of $services (or socket-client)" >&2
        else
            echo "socket-suite: no service '$service': run one of $services (or socket-client)" >&2
        fi
        exit 2
        ;;
esac
# The AOT cache made at build time holds this service's classes loaded and linked: it starts
# in about half the time. The JVM ignores a cache that does not match and says so.
aot=""
if [ -r "/app/aot/$service.aot" ]; then
    aot="-XX:AOTCache=/app/aot/$service.aot"
fi
# JVM settings for a small pod (README, "JVM settings"): Serial GC, as no GC threads then
# compete for the pod's core; a heap fixed at half the memory limit, so the other half holds
# metaspace, code, thread stacks and socket buffers. No perf data file: the root filesystem
# may be read-only. java is PID 1 and gets SIGTERM itself.
# shellcheck disable=SC2086 # $aot and $JAVA_OPTS are word lists
exec /opt/java/bin/java -XX:+UseSerialGC -XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=50 \
    -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData $aot ${JAVA_OPTS:-} -jar "/app/$service.jar" "$@"
