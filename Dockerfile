# One image per service, from one Dockerfile:
#   docker build --build-arg SERVICE=echo-tcp -t socket-suite/echo-tcp .
# SERVICE is one of echo-tcp, counter-udp, unix-status, chat, http-info.

FROM maven:3.9-eclipse-temurin-21 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package -pl services/${SERVICE},tools/client -am

FROM eclipse-temurin:21-jre
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
# Heap sized from the container's memory limit; java is PID 1 and gets SIGTERM itself.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
