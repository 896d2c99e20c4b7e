#!/bin/sh
# Runs in the image's build stage, in the source tree, after `mvn package`: lays out /app
# (the five services and socket-client, their libraries once, the SBOMs), links /opt/java
# with only the modules they need, and makes one class-data archive for all six.
set -eu
services="echo-tcp counter-udp unix-status chat http-info"

mkdir -p /app/libs /app/sbom
for service in $services; do
    cp "services/$service/target/$service.jar" /app/
    # One reactor builds them all, so a library has the same file name in every service's libs/.
    cp "services/$service/target/libs/"*.jar /app/libs/
    cp "services/$service/target/$service.cdx.json" /app/sbom/
done
cp tools/client/target/socket-client.jar /app/
cp tools/client/target/libs/*.jar /app/libs/
cp tools/client/target/socket-client.cdx.json /app/sbom/

# One class path, in a fixed order, for every service and the client: a class-data archive
# holds only classes of the class path it was made with, so sharing one path lets one archive
# serve all six (one per service would take five times the space). Each service still reads
# the application.yaml of its own jar (ServiceConfig).
classpath="$(find /app/libs -name '*.jar' | LC_ALL=C sort | tr '\n' ':')"
for jar in $services socket-client; do
    classpath="$classpath/app/$jar.jar:"
done
printf -- '-cp %s\n-XX:SharedArchiveFile=/app/socket-suite.jsa\n' "${classpath%:}" > /app/jvm.args

# The modules the jars use, as jdeps reads them, and those found only at run time: TLS to
# Redis (jdk.crypto.ec), DNS through JNDI for Redis host names (jdk.naming.dns), and the
# process metrics Helidon reads through jdk.management. Left out, as only optional code
# names them: java.desktop (15 MB with its native libraries), for java.beans, which
# SnakeYAML needs only to fill JavaBeans (Helidon reads YAML into maps) and Micrometer only
# in its Log4j 2 binder; java.sql (4 MB with the java.xml it brings), which Gson and picocli
# use only when present and Micrometer only in its database binders.
modules="$(jdeps --multi-release 25 --ignore-missing-deps --print-module-deps \
    --class-path '/app/libs/*' /app/*.jar | tr ',' '\n' | grep -vx -e java.desktop -e java.sql | paste -sd, -)"
jlink --add-modules "$modules,jdk.crypto.ec,jdk.naming.dns,jdk.management" \
    --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 \
    --output /opt/java
# A Debian JDK's jmods carry their native debug symbols as .debuginfo files (700 MB beside
# libjvm.so); Temurin's come without. Nothing at run time reads them.
find /opt/java -name '*.debuginfo' -delete
# The symbol table of libjvm.so (5 MB) only names native frames in a JVM crash report.
if command -v strip > /dev/null; then
    strip --strip-unneeded /opt/java/lib/server/libjvm.so
else
    echo "no strip in the build image (binutils): libjvm.so keeps its 5 MB symbol table" >&2
fi

# Training: each service starts on its default ports (the build has its own network
# namespace), answers a readiness probe and one exchange of its protocol from socket-client,
# and stops on SIGTERM; every JVM lists the classes it loaded. The archive made from all the
# lists replaces the JDK's default one, so socket-client starts from it too.
java="/opt/java/bin/java -XX:+UseSerialGC -XX:-UsePerfData -cp ${classpath%:}"
lists=/tmp/class-lists
mkdir -p "$lists"
client() {
    $java -XX:DumpLoadedClassList="$lists/client-$service-$#-$1.list" dev.socketsuite.client.SocketClient "$@"
}
train() {
    service=$1 main=$2 health=$3
    shift 3
    LISTENER_HOST=127.0.0.1 $java -XX:DumpLoadedClassList="$lists/$service.list" "$main" \
        > "/tmp/$service-training.log" 2>&1 &
    pid=$!
    tries=0
    until client http --fail "http://127.0.0.1:$health/observe/health/ready" > /dev/null 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -ge 30 ] || ! kill -0 "$pid" 2> /dev/null; then
            echo "$service did not become ready on health port $health during training:" >&2
            cat "/tmp/$service-training.log" >&2
            exit 1
        fi
        sleep 0.5
    done
    client "$@" > /dev/null
    kill -TERM "$pid"
    wait "$pid"
}
train echo-tcp dev.socketsuite.echo.Main 8081 echo 127.0.0.1:8080 training
train counter-udp dev.socketsuite.counter.Main 8082 udp 127.0.0.1:9090 training
train unix-status dev.socketsuite.status.Main 8083 status --unix=/tmp/local_server.sock /
train chat dev.socketsuite.chat.Main 8084 http --fail http://127.0.0.1:8088/
train http-info dev.socketsuite.info.Main 8085 http --fail http://127.0.0.1:8000/

cat "$lists"/*.list | sed 's/ id: [0-9]*$//' > /tmp/classes.list
# AOTClassLinking also keeps classes linked and their lambdas resolved: ready in about the
# time of a JDK 25 AOT cache trained on one service.
$java -Xshare:dump -XX:+AOTClassLinking -XX:SharedClassListFile=/tmp/classes.list \
    -XX:SharedArchiveFile=/app/socket-suite.jsa > /tmp/archive.log 2>&1 \
    || { cat /tmp/archive.log >&2; exit 1; }
