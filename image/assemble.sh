#!/bin/sh
# Runs in the image's build stage, in the source tree, after `mvn package`: lays out /app
# (the five services and socket-client, their libraries once, the SBOMs), links /opt/java
# with only the modules they need, and trains an AOT cache per service.
set -eu
services="echo-tcp counter-udp unix-status chat http-info"

mkdir -p /app/libs /app/aot /app/sbom
for service in $services; do
    cp "services/$service/target/$service.jar" /app/
    # One reactor builds them all, so a library has the same file name in every service's libs/.
    cp "services/$service/target/libs/"*.jar /app/libs/
    cp "services/$service/target/$service.cdx.json" /app/sbom/
done
cp tools/client/target/socket-client.jar /app/
cp tools/client/target/libs/*.jar /app/libs/
cp tools/client/target/socket-client.cdx.json /app/sbom/

# The modules the jars use, as jdeps reads them, and those found only at run time: TLS to
# Redis (jdk.crypto.ec), DNS through JNDI for Redis host names (jdk.naming.dns), and the
# process metrics Helidon reads through jdk.management.
modules="$(jdeps --multi-release 25 --ignore-missing-deps --print-module-deps \
    --class-path '/app/libs/*' /app/*.jar)"
jlink --add-modules "$modules,jdk.crypto.ec,jdk.naming.dns,jdk.management" \
    --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive \
    --output /opt/java
# A Debian JDK's jmods carry their native debug symbols as .debuginfo files (700 MB beside
# libjvm.so); Temurin's come without. Nothing at run time reads them.
find /opt/java -name '*.debuginfo' -delete
# The JDK's classes shared for socket-client, which has no cache of its own; the archive for
# heaps over 32 GB has no use in a pod.
rm -f /opt/java/lib/server/classes_nocoops.jsa

# Training runs: each service starts on ephemeral loopback ports, serves until SIGTERM ends
# it a few seconds later, and the JVM writes what it loaded and linked to the cache. The
# flags are the entrypoint's: a cache made under other GC settings would be ignored.
for service in $services; do
    LISTENER_HOST=127.0.0.1 LISTENER_PORT=0 SERVER_PORT=0 LISTENER_PATH="/tmp/$service.sock" CHAT_WEB_PORT=0 \
        timeout -s TERM 6 /opt/java/bin/java -XX:+UseSerialGC -XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=50 \
        -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -XX:AOTCacheOutput="/app/aot/$service.aot" \
        -jar "/app/$service.jar" > "/tmp/$service-training.log" 2>&1 || true
    if [ ! -s "/app/aot/$service.aot" ]; then
        echo "no AOT cache was made for $service:" >&2
        cat "/tmp/$service-training.log" >&2
        exit 1
    fi
done
