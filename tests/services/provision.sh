#!/usr/bin/env bash
# Start the real services the test suite talks to, on loopback only:
#   * PostgreSQL 15 from Debian's packages (cluster 15/main, role and database "manabi")
#   * Elasticsearch 8.19 (integ-test-zip from Maven Central) as the system user "manabi-es"
#   * Redis from Debian's packages (shared cache and rate-limit counters), as the user "redis"
# Idempotent: a second run finds both answering and changes nothing.
# Every failure names the step and exits non-zero.
set -euo pipefail

PG_VERSION=${PG_VERSION:-15}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-manabi}
PG_PASSWORD=${PG_PASSWORD:-manabi}
ES_PORT=${ES_PORT:-9200}
ES_USER=${ES_USER:-manabi-es}
ES_HOME_ROOT=${ES_HOME_ROOT:-/var/lib/manabi-test}
ES_HEAP=${ES_HEAP:-512m}
REDIS_PORT=${REDIS_PORT:-6379}
REDIS_DIR=${REDIS_DIR:-/var/lib/manabi-test/redis}
HERE=$(cd "$(dirname "$0")" && pwd)

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nprovision.sh: FAILED at step "%s": %s\n' "$CURRENT_STEP" "$*" >&2; exit 1; }
run_step() { CURRENT_STEP=$1; step "$1"; }
trap 'fail "command failed (line $LINENO)"' ERR

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        fail "needs root (or sudo) to run: $*"; fi
}

APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

es_health() { curl -fsS --max-time 2 "http://127.0.0.1:${ES_PORT}/_cluster/health" 2>/dev/null; }
pg_ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }

# ---------------------------------------------------------------- PostgreSQL
run_step "PostgreSQL ${PG_VERSION}: packages"
if [ ! -x "/usr/lib/postgresql/${PG_VERSION}/bin/postgres" ]; then
    apt_install "postgresql-${PG_VERSION}" postgresql-client-common
fi

run_step "PostgreSQL ${PG_VERSION}: cluster on 127.0.0.1:${PG_PORT}"
if ! pg_ready; then
    if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "${PG_VERSION} main"; then
        as_root pg_createcluster "$PG_VERSION" main --port "$PG_PORT" -- --auth-host=scram-sha-256 >/dev/null
    fi
    as_root pg_ctlcluster "$PG_VERSION" main start || fail "pg_ctlcluster could not start the cluster; see /var/log/postgresql/postgresql-${PG_VERSION}-main.log"
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
    pg_ready || fail "PostgreSQL does not answer on 127.0.0.1:${PG_PORT}"
    echo "started"
else
    echo "already answering"
fi

run_step "PostgreSQL: role and database \"${PG_USER}\""
psql_admin() { as_root runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='${PG_USER}'")" != "1" ]; then
    psql_admin -c "CREATE ROLE \"${PG_USER}\" LOGIN CREATEDB PASSWORD '${PG_PASSWORD}'"
    echo "created role ${PG_USER}"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='${PG_USER}'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE \"${PG_USER}\" OWNER \"${PG_USER}\""
    echo "created database ${PG_USER}"
fi
PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_USER" -qAt -c 'SELECT 1' >/dev/null \
    || fail "cannot log in as ${PG_USER} on 127.0.0.1:${PG_PORT}"
echo "ok: postgres://${PG_USER}@127.0.0.1:${PG_PORT}/${PG_USER}"

# --------------------------------------------------------------------- Redis
# Before Elasticsearch, whose section ends the script early when it already answers.
redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }
run_step "Redis: package"
command -v redis-server >/dev/null || apt_install redis-server

run_step "Redis: on 127.0.0.1:${REDIS_PORT}"
if ! redis_ready; then
    # Our own instance (not the Debian service): loopback only, no persistence, as the user "redis".
    as_root mkdir -p "$REDIS_DIR"
    as_root chown redis:redis "$REDIS_DIR"
    as_root runuser -u redis -- redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes \
        --daemonize yes --dir "$REDIS_DIR" --save "" --appendonly no \
        --pidfile "$REDIS_DIR/redis-${REDIS_PORT}.pid" --logfile "$REDIS_DIR/redis-${REDIS_PORT}.log" \
        || fail "redis-server did not start; see $REDIS_DIR/redis-${REDIS_PORT}.log"
    for _ in $(seq 1 20); do redis_ready && break; sleep 0.5; done
    redis_ready || fail "Redis does not answer on 127.0.0.1:${REDIS_PORT}; see $REDIS_DIR/redis-${REDIS_PORT}.log"
    echo "started"
else
    echo "already answering"
fi
echo "ok: redis://127.0.0.1:${REDIS_PORT}/0"

# ------------------------------------------------------------- Elasticsearch
run_step "Elasticsearch: already running?"
if es_health >/dev/null; then
    echo "already answering on 127.0.0.1:${ES_PORT}"
    exit 0
fi
echo "no"

run_step "Elasticsearch: Java and Maven"
command -v java >/dev/null || apt_install openjdk-17-jre-headless
command -v mvn >/dev/null || apt_install maven
command -v unzip >/dev/null || apt_install unzip
JAVA_BIN=$(readlink -f "$(command -v java)")
ES_JAVA_HOME=${ES_JAVA_HOME:-$(dirname "$(dirname "$JAVA_BIN")")}

run_step "Elasticsearch: fetch the newest 8.19.x from Maven Central"
DOWNLOAD_DIR=$(mktemp -d)
mvn -q -B -f "$HERE/elasticsearch-pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$DOWNLOAD_DIR" -DincludeTypes=zip \
    || fail "mvn could not resolve org.elasticsearch.distribution.integ-test-zip:elasticsearch:[8.19,8.20)"
ES_ZIP=$(ls "$DOWNLOAD_DIR"/elasticsearch-8.19.*.zip | sort -V | tail -n 1)
ES_VERSION=$(basename "$ES_ZIP" .zip); ES_VERSION=${ES_VERSION#elasticsearch-}
ES_HOME="$ES_HOME_ROOT/elasticsearch-$ES_VERSION"
echo "version $ES_VERSION → $ES_HOME"

run_step "Elasticsearch: system user ${ES_USER} and installation"
id "$ES_USER" >/dev/null 2>&1 || as_root useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
    as_root mkdir -p "$ES_HOME_ROOT"
    as_root unzip -q -o "$ES_ZIP" -d "$ES_HOME_ROOT"
    as_root mkdir -p "$ES_HOME/data" "$ES_HOME/logs"
    as_root chown -R "$ES_USER" "$ES_HOME"
fi
rm -rf "$DOWNLOAD_DIR"

run_step "Elasticsearch: start on 127.0.0.1:${ES_PORT} (single node, security off, heap ${ES_HEAP})"
as_root runuser -u "$ES_USER" -- env ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="-Xms${ES_HEAP} -Xmx${ES_HEAP}" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_HOME/elasticsearch.pid" \
    -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port="$ES_PORT" \
    -Expack.security.enabled=false -Expack.ml.enabled=false \
    -Epath.data="$ES_HOME/data" -Epath.logs="$ES_HOME/logs" \
    -Ecluster.routing.allocation.disk.threshold_enabled=false \
    >"$ES_HOME_ROOT/start.log" 2>&1 \
    || fail "elasticsearch did not start; see $ES_HOME_ROOT/start.log and $ES_HOME/logs"

run_step "Elasticsearch: wait for the cluster"
for _ in $(seq 1 120); do
    if curl -fsS --max-time 2 "http://127.0.0.1:${ES_PORT}/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
        echo "ok: http://127.0.0.1:${ES_PORT}"
        exit 0
    fi
    sleep 1
done
fail "Elasticsearch did not answer within 120 s; see $ES_HOME/logs/elasticsearch.log"
