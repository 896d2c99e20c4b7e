# One image for the whole suite: the five services and socket-client. The container's
# argument says which service runs (docs/kubernetes.md, "Image"):
#   docker build -t socket-suite .
#   docker run --rm -p 8000:8000 -e LISTENER_HOST=0.0.0.0 socket-suite http-info
# The bases are build arguments, so a mirror or a hardened base can take their place:
# BUILD_IMAGE needs Maven and a JDK 25 (jdeps, jlink), and uses strip (binutils) if it has
# it; RUNTIME_IMAGE needs glibc and a POSIX shell with sleep and grep (the unix-status
# sidecar and the Helm tests use them).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-25
ARG RUNTIME_IMAGE=debian:trixie-slim

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package \
        -pl services/echo-tcp,services/counter-udp,services/unix-status,services/chat,services/http-info,tools/client -am \
    && sh image/assemble.sh

FROM ${RUNTIME_IMAGE}
COPY --from=build /opt/java /opt/java
COPY --from=build /app /app
COPY image/entrypoint.sh /usr/local/bin/socket-suite
COPY image/socket-client /usr/local/bin/socket-client
ENV PATH=/opt/java/bin:$PATH
# A numeric non-root user, so runAsNonRoot can verify it.
USER 10001:10001
WORKDIR /app
ENTRYPOINT ["/usr/local/bin/socket-suite"]
