#!/usr/bin/env bash
# Builds Keycloak and PostgreSQL container images on this machine, from Debian's packages and the
# Keycloak distribution from Maven Central, for machines that reach no image registry. The official
# images (quay.io/keycloak/keycloak, postgres) stay what users run; these are equivalents for tests.
#
#   containers/build-images.sh [KEYCLOAK_VERSION]        (default 26.7.3)
#
# Images produced:
#   twofold-local/debian:bookworm          debootstrap --variant=minbase + docker import
#   twofold-local/keycloak:<version>       laid out like quay.io/keycloak/keycloak
#   twofold-local/postgres:15              Debian postgresql-15, official-image-like entrypoint
#
# Idempotent: a step is skipped when its image already exists (FORCE=1 rebuilds all).
#
# Environment:
#   TWOFOLD_IMAGE_CACHE  cache dir for the debootstrap rootfs tarball (default /var/cache/twofold-images)
#   DEBIAN_MIRROR        default http://deb.debian.org/debian
#   KC_DIST_TARBALL      Keycloak dist tarball (default: from ~/.m2, keycloak-quarkus-dist-<version>.tar.gz)
#   KC_JAVA              "debian"  (default) -> Debian's openjdk-17-jre-headless (bookworm has no JDK 21)
#                        /path/to/jdk        -> copy that JDK (e.g. /usr/lib/jvm/temurin-25-jdk-amd64) into the image
#   KC_IMAGE             override the Keycloak image name (default twofold-local/keycloak:<version>)
#   FORCE=1              rebuild images even if they exist
#
# Where the official image names (quay.io/keycloak/keycloak:<version>, postgres:17) are not on this
# machine, they are tagged onto the local builds, so the project's Dockerfile and compose files run
# unchanged here. A machine that has pulled the official images keeps them.
set -euo pipefail

KC_VERSION="${1:-${KC_VERSION:-26.7.3}}"
CACHE_DIR="${TWOFOLD_IMAGE_CACHE:-/var/cache/twofold-images}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
KC_DIST_TARBALL="${KC_DIST_TARBALL:-$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.tar.gz}"
KC_JAVA="${KC_JAVA:-debian}"
FORCE="${FORCE:-0}"

BASE_IMAGE="twofold-local/debian:bookworm"
KC_IMAGE="${KC_IMAGE:-twofold-local/keycloak:$KC_VERSION}"
PG_IMAGE="twofold-local/postgres:15"

# Debian's docker.io 20.10 + docker CLI without buildx: use the classic builder.
export DOCKER_BUILDKIT=0
# Builds run with --network host so apt inside RUN steps uses the host's network/DNS.
BUILD_OPTS=(--network host)

log() { printf '[build-images %(%H:%M:%S)T] %s\n' -1 "$*"; }
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
want_build() { [ "$FORCE" = 1 ] || ! image_exists "$1"; }
docker_build() { # image ctx ; full log in $CACHE_DIR/logs
  local lf="$CACHE_DIR/logs/build-${1//[\/:]/_}.log"
  docker build "${BUILD_OPTS[@]}" -t "$1" "$2" >"$lf" 2>&1 || { tail -40 "$lf"; echo "build of $1 failed, log: $lf" >&2; exit 1; }
}

STEP_START=0
step_begin() { STEP_START=$(date +%s); log "START $*"; }
step_end() { log "DONE  $* ($(( $(date +%s) - STEP_START ))s)"; }

[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap + docker)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "docker daemon not reachable" >&2; exit 1; }

WORK="$(mktemp -d /tmp/twofold-build.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$CACHE_DIR/logs"

########################################################################################
# a. Debian bookworm base image (debootstrap, no registry)
########################################################################################
ROOTFS_TAR="$CACHE_DIR/debian-bookworm-minbase-amd64.tar"
if [ "$FORCE" = 1 ] || [ ! -s "$ROOTFS_TAR" ]; then
  step_begin "debootstrap bookworm minbase -> $ROOTFS_TAR"
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap; }
  ROOTFS="$WORK/rootfs"
  debootstrap --variant=minbase --arch=amd64 bookworm "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -30 "$WORK/debootstrap.log"; exit 1; }
  # Same apt sources as the official debian:bookworm image, and docker-friendly apt/dpkg settings.
  cat >"$ROOTFS/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
  cat >"$ROOTFS/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
  echo 'APT::Install-Recommends "false";' >"$ROOTFS/etc/apt/apt.conf.d/docker-no-recommends"
  echo 'Acquire::Languages "none";' >"$ROOTFS/etc/apt/apt.conf.d/docker-no-languages"
  rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/log/*.log
  : >"$ROOTFS/etc/hostname"; : >"$ROOTFS/etc/resolv.conf"
  tar --numeric-owner -C "$ROOTFS" -cf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf "$ROOTFS"
  step_end "debootstrap ($(du -h "$ROOTFS_TAR" | cut -f1))"
else
  log "SKIP  debootstrap: cached rootfs $ROOTFS_TAR"
fi

if want_build "$BASE_IMAGE"; then
  step_begin "docker import $BASE_IMAGE"
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    "$ROOTFS_TAR" "$BASE_IMAGE" >/dev/null
  step_end "docker import $BASE_IMAGE"
else
  log "SKIP  $BASE_IMAGE exists"
fi

########################################################################################
# b. Keycloak image, laid out like quay.io/keycloak/keycloak
########################################################################################
if want_build "$KC_IMAGE"; then
  step_begin "docker build $KC_IMAGE (java: $KC_JAVA)"
  [ -s "$KC_DIST_TARBALL" ] || { echo "missing $KC_DIST_TARBALL (mvn dependency:get -Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz)" >&2; exit 1; }
  CTX="$WORK/keycloak"; mkdir -p "$CTX/keycloak"
  tar -xzf "$KC_DIST_TARBALL" -C "$CTX/keycloak" --strip-components=1
  # like the official image: data/ exists, group 0 may write (arbitrary-uid friendly). Done here, not in a
  # RUN step, so the ~200 MB distribution is not duplicated into a second layer.
  mkdir -p "$CTX/keycloak/data"
  chmod -R g+rwX "$CTX/keycloak"
  if [ "$KC_JAVA" = debian ]; then
    JAVA_STEP='RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*'
  else
    [ -x "$KC_JAVA/bin/java" ] || { echo "KC_JAVA=$KC_JAVA has no bin/java" >&2; exit 1; }
    # -L: Debian-packaged JDKs symlink lib/security/cacerts to /etc/ssl/certs/java/cacerts (absent in the image)
    cp -rL "$KC_JAVA" "$CTX/jdk"
    JAVA_STEP='COPY jdk /opt/java
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  fi
  cat >"$CTX/Dockerfile" <<EOF
FROM $BASE_IMAGE
$JAVA_STEP
RUN useradd --uid 1000 --gid 0 --home-dir /opt/keycloak --no-create-home --shell /sbin/nologin keycloak
COPY --chown=1000:0 keycloak /opt/keycloak
# KC_RUN_IN_CONTAINER=true is what the official image sets: without it, 26.x start-dev binds HTTP to
# localhost only (unreachable through a published port -> "Connection reset").
ENV LANG=C.UTF-8 KC_RUN_IN_CONTAINER=true
USER 1000
WORKDIR /opt/keycloak
EXPOSE 8080 8443 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
EOF
  docker_build "$KC_IMAGE" "$CTX"
  rm -rf "$CTX"
  step_end "docker build $KC_IMAGE"
else
  log "SKIP  $KC_IMAGE exists"
fi

########################################################################################
# c. PostgreSQL 15 image (Debian package), official-image-like entrypoint
########################################################################################
if want_build "$PG_IMAGE"; then
  step_begin "docker build $PG_IMAGE"
  CTX="$WORK/postgres"; mkdir -p "$CTX"
  cat >"$CTX/docker-entrypoint.sh" <<'EOS'
#!/bin/bash
# Minimal re-implementation of the official postgres image entrypoint:
# POSTGRES_USER (default postgres), POSTGRES_PASSWORD, POSTGRES_DB (default $POSTGRES_USER),
# POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256), /docker-entrypoint-initdb.d/*.sql|*.sh
set -Eeo pipefail

if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ "$1" = postgres ]; then
  : "${POSTGRES_USER:=postgres}"
  : "${POSTGRES_DB:=$POSTGRES_USER}"
  : "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
      echo "error: POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust)" >&2
      exit 1
    fi
    pwfile="$(mktemp)"; printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
           --auth-local=trust --auth-host="$POSTGRES_HOST_AUTH_METHOD" $POSTGRES_INITDB_ARGS -D "$PGDATA"
    rm -f "$pwfile"
    printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"

    # temporary server on the unix socket only (like the official image -> logs "ready" once here)
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
    export PGUSER="$POSTGRES_USER"
    if [ "$POSTGRES_DB" != postgres ]; then
      psql -v ON_ERROR_STOP=1 --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh)     echo "running $f"; . "$f" ;;
        *.sql)    echo "running $f"; psql -v ON_ERROR_STOP=1 --dbname "$POSTGRES_DB" -f "$f" ;;
        *.sql.gz) echo "running $f"; gunzip -c "$f" | psql -v ON_ERROR_STOP=1 --dbname "$POSTGRES_DB" ;;
        *) ;;
      esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    unset PGUSER
    echo
    echo 'PostgreSQL init process complete; ready for start up.'
    echo
  else
    echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
  fi
fi

exec "$@"
EOS
  cat >"$CTX/Dockerfile" <<EOF
FROM $BASE_IMAGE
# like the official image: no default cluster from postgresql-common, listen on all interfaces
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/no-main-cluster.conf \
 && apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" /usr/share/postgresql/15/postgresql.conf.sample \
 && grep -F "listen_addresses = '*'" /usr/share/postgresql/15/postgresql.conf.sample \
 && mkdir -p /var/run/postgresql /docker-entrypoint-initdb.d /var/lib/postgresql/data \
 && chown -R postgres:postgres /var/run/postgresql /var/lib/postgresql \
 && chmod 3777 /var/run/postgresql
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
ENV PG_MAJOR=15 PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
EOF
  docker_build "$PG_IMAGE" "$CTX"
  rm -rf "$CTX"
  step_end "docker build $PG_IMAGE"
else
  log "SKIP  $PG_IMAGE exists"
fi

# Stand-ins for the official names the Dockerfile and compose files use, where those are absent.
for pair in "$KC_IMAGE=quay.io/keycloak/keycloak:$KC_VERSION" "$PG_IMAGE=postgres:17"; do
  local_image="${pair%%=*}"; official="${pair#*=}"
  if image_exists "$official"; then
    log "KEEP  $official (already on this machine)"
  else
    docker tag "$local_image" "$official"
    log "TAG   $official -> $local_image"
  fi
done

log "images:"
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^twofold-local/' | sed 's/^/  /' || true
