#!/bin/sh
# Writes this pod's redis.conf and sentinel.conf into $CONF_DIR before Redis and its
# sentinel start. The primary is the one the sentinels follow now; when none answers (the
# first start of the set), it is the first pod. So a pod that restarts after a failover
# comes back as a replica of the new primary, never as a second primary.
set -eu
: "${SELF_HOST:?}" "${FIRST_HOST:?}" "${SENTINEL_ADDRESSES:?}" "${CONF_DIR:?}" "${DATA_DIR:?}" "${REDIS_PASSWORD:?}"
REDIS_PORT="${REDIS_PORT:-6379}"
FIRST_PORT="${FIRST_PORT:-6379}"
SENTINEL_PORT="${SENTINEL_PORT:-26379}"
MASTER_NAME="${MASTER_NAME:-mymaster}"
DOWN_AFTER_MS="${DOWN_AFTER_MS:-5000}"

primary_host=""
primary_port=""
for sentinel in $(echo "$SENTINEL_ADDRESSES" | tr ',' ' '); do
    reply=$(REDISCLI_AUTH="$REDIS_PASSWORD" timeout 3 redis-cli --no-auth-warning -h "${sentinel%:*}" \
        -p "${sentinel##*:}" --raw sentinel get-master-addr-by-name "$MASTER_NAME" 2>/dev/null || true)
    host=$(echo "$reply" | sed -n 1p)
    port=$(echo "$reply" | sed -n 2p)
    case "$port" in
        ''|*[!0-9]*) continue ;;
    esac
    primary_host="$host"
    primary_port="$port"
    break
done
if [ -z "$primary_host" ]; then
    primary_host="$FIRST_HOST"
    primary_port="$FIRST_PORT"
fi

cat > "$CONF_DIR/redis.conf" <<CONF
port $REDIS_PORT
dir $DATA_DIR
save ""
appendonly yes
appendfsync everysec
requirepass "$REDIS_PASSWORD"
masterauth "$REDIS_PASSWORD"
# An isolated primary stops taking writes, so it cannot hand out numbers a new primary repeats.
min-replicas-to-write 1
min-replicas-max-lag 10
replica-announce-ip $SELF_HOST
replica-announce-port $REDIS_PORT
CONF
if [ "$primary_host" != "$SELF_HOST" ] || [ "$primary_port" != "$REDIS_PORT" ]; then
    echo "replicaof $primary_host $primary_port" >> "$CONF_DIR/redis.conf"
fi

# The sentinel rewrites this file as it learns the set, so it lives on a writable volume.
cat > "$CONF_DIR/sentinel.conf" <<CONF
port $SENTINEL_PORT
dir $CONF_DIR
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $SELF_HOST
sentinel announce-port $SENTINEL_PORT
requirepass "$REDIS_PASSWORD"
sentinel sentinel-pass "$REDIS_PASSWORD"
sentinel monitor $MASTER_NAME $primary_host $primary_port 2
sentinel auth-pass $MASTER_NAME "$REDIS_PASSWORD"
sentinel down-after-milliseconds $MASTER_NAME $DOWN_AFTER_MS
sentinel failover-timeout $MASTER_NAME 20000
sentinel parallel-syncs $MASTER_NAME 1
CONF
echo "configured $SELF_HOST:$REDIS_PORT with primary $primary_host:$primary_port"
