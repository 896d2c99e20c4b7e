# One image per service, from one Dockerfile:
#   docker build --build-arg SERVICE=echo-tcp -t socket-suite/echo-tcp .
# SERVICE is one of echo-tcp, counter-udp, unix-status, chat, http-info.

FROM maven:3.9-eclipse-temurin-21 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package -pl services/${SERVICE},tools/client -am

# The runtime the suite is measured on (JDK 25): virtual threads no longer pin their carrier in
# synchronized code there.
FROM eclipse-temurin:25-jre
ARG SERVICE
# The service, its libraries beside it (the Helidon SE layout), and socket-client for exec
# probes and debugging (kubectl exec ... -- socket-client status).
COPY --from=build /src/services/${SERVICE}/target/${SERVICE}.jar /app/app.jar
COPY --from=build /src/services/${SERVICE}/target/libs /app/libs
COPY --from=build /src/tools/client/target/socket-client.jar /app/client/socket-client.jar
COPY --from=build /src/tools/client/target/libs /app/client/libs
RUN printf '#!/bin/sh\nexec java -XX:TieredStopAtLevel=1 -jar /app/client/socket-client.jar "$@"\n' \
        > /usr/local/bin/socket-client \
    && chmod 0755 /usr/local/bin/socket-client
# A numeric non-root user, so runAsNonRoot can verify it.
USER 10001:10001
WORKDIR /app
# JVM settings for a small pod (README, "JVM settings"): Serial GC, as no GC threads then compete
# for the pod's core, and pauses measured 1-8 ms with a live set near 10 MiB; a heap fixed at half
# the memory limit, so it never resizes and the other half holds metaspace, code, thread stacks and
# socket buffers without an OOM kill. java is PID 1 and gets SIGTERM itself.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:InitialRAMPercentage=50", "-XX:MaxRAMPercentage=50", \
            "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
