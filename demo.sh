#!/usr/bin/env bash
# Twofold demo: builds the JAR, fetches Keycloak 26.7.3 (once), starts it on http://localhost:8080
# with an embedded in-memory database, the demo realm and the dev-inbox SMS gateway, plus a small
# demo application on http://localhost:8081. Ctrl-C stops everything.
#
#   ./demo.sh            build + start
#   ./demo.sh --no-build start with the JAR already built
set -euo pipefail
cd "$(dirname "$0")"

KC_VERSION=26.7.3
DEMO_DIR=.demo
KC_HOME="$DEMO_DIR/keycloak-$KC_VERSION"
KC_PORT=8080
KC_MGMT_PORT=9000
APP_PORT=8081

say() { printf '\033[1m[twofold-demo]\033[0m %s\n' "$*"; }
fail() { printf '[twofold-demo] ERROR: %s\n' "$*" >&2; exit 1; }

for port in $KC_PORT $KC_MGMT_PORT $APP_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
    fail "port $port is in use; stop whatever listens there (a previous demo?) and run again"
  fi
done

VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
JAR="provider/target/twofold-keycloak-$VERSION.jar"
if [ "${1:-}" != "--no-build" ] || [ ! -f "$JAR" ]; then
  say "building the provider JAR (tests skipped; ./mvnw verify runs them)..."
  ./mvnw -q -B -DskipTests -pl provider -am package
fi
[ -f "$JAR" ] || fail "$JAR was not built"

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  say "fetching Keycloak $KC_VERSION from Maven Central (once, ~176 MB)..."
  mkdir -p "$DEMO_DIR"
  ./mvnw -q -B dependency:copy -Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz -DoutputDirectory="$DEMO_DIR"
  tar xzf "$DEMO_DIR/keycloak-quarkus-dist-$KC_VERSION.tar.gz" -C "$DEMO_DIR"
  rm -f "$DEMO_DIR/keycloak-quarkus-dist-$KC_VERSION.tar.gz"
fi

rm -f "$KC_HOME"/providers/twofold-*.jar
cp "$JAR" "$KC_HOME/providers/"
mkdir -p "$KC_HOME/data/import"
cp realm-export.json "$KC_HOME/data/import/demo-realm.json"

LOG="$DEMO_DIR/keycloak.log"
say "starting Keycloak on http://localhost:$KC_PORT (log: $LOG)..."
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$KC_HOME/bin/kc.sh" start-dev --db=dev-mem --import-realm \
  --http-port=$KC_PORT --http-management-port=$KC_MGMT_PORT --log-console-color=false \
  --metrics-enabled=true \
  --spi-twofold-sms-gateway--dev-inbox--enabled=true \
  >"$LOG" 2>&1 &
KC_PID=$!
APP_PID=""

cleanup() {
  trap - INT TERM EXIT
  say "stopping..."
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  kill -TERM "$KC_PID" 2>/dev/null || true
  wait "$KC_PID" 2>/dev/null || true
  [ -n "$APP_PID" ] && wait "$APP_PID" 2>/dev/null || true
  say "stopped."
}
trap cleanup INT TERM EXIT

for _ in $(seq 1 240); do
  kill -0 "$KC_PID" 2>/dev/null || { tail -40 "$LOG"; fail "Keycloak exited during start (see $LOG)"; }
  if curl -fs -o /dev/null "http://localhost:$KC_PORT/realms/demo"; then break; fi
  sleep 1
done
curl -fs -o /dev/null "http://localhost:$KC_PORT/realms/demo" || fail "Keycloak did not become ready (see $LOG)"

java demo/DemoApp.java "$APP_PORT" "http://localhost:$KC_PORT/realms/demo" demo-app >"$DEMO_DIR/demo-app.log" 2>&1 &
APP_PID=$!

cat <<EOT

  Twofold demo is running.

  Demo application   http://localhost:$APP_PORT/                 sign in, see the token's acr and amr
  Account console    http://localhost:$KC_PORT/realms/demo/account   your phone, backup codes, app
  Admin console      http://localhost:$KC_PORT/admin/                admin / admin (realm "demo")

  SMS inbox (demo)    http://localhost:$KC_PORT/realms/demo/twofold/dev-inbox   the texts Keycloak "sent"

  API (password grant): the second factor goes into the token request. For bob, the first request
  sends the SMS, the second carries the code from the inbox:
    curl -s -d grant_type=password -d client_id=admin-cli -d username=bob -d password=bob \\
      http://localhost:$KC_PORT/realms/demo/protocol/openid-connect/token
    curl -s -d grant_type=password -d client_id=admin-cli -d username=bob -d password=bob -d sms_code=<code> \\
      http://localhost:$KC_PORT/realms/demo/protocol/openid-connect/token

  Demo users (username / password):
    alice / alice   no second factor yet: sets up a phone on first sign-in (any valid mobile
                    number, e.g. +49 151 11111111; the code shows up in the SMS inbox)
    bob   / bob     phone +49 151 23456789 enrolled: signs in with a text-message code
    carol / carol   authenticator app and backup codes: choose "Try another way" > "Backup codes"
                    and use any of 28EN-JX09-1CSY-395C, 5YZ8-VH70-V199-19NP, 7EVQ-YMF3-9GQW-D6NZ (each works once)
    dave  / dave    no second factor, but the demo policy requires one of group /2fa-required:
                    may postpone twice ("Remind me next time"), then must set up two-step sign-in:
                    a passkey or security key (where the browser supports it), an authenticator
                    app or a phone, then backup codes. "Set up now" and a passkey: the next
                    sign-in offers the passkey and needs no password and no second step
    helpdesk / helpdesk   help-desk admin who may grant emergency access (demo only: no second factor).
                    Give bob one sign-in without his phone (the answer shows the code once):
                    TOKEN=\$(curl -s -d client_id=admin-cli -d grant_type=password -d username=helpdesk -d password=helpdesk \\
                      http://localhost:$KC_PORT/realms/demo/protocol/openid-connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
                    BOB=\$(curl -s -H "Authorization: Bearer \$TOKEN" "http://localhost:$KC_PORT/admin/realms/demo/users?username=bob&exact=true" | sed 's/.*"id":"\([^"]*\)".*/\1/')
                    curl -s -X POST -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
                      -d '{"reason":"lost phone (demo)"}' http://localhost:$KC_PORT/admin/realms/demo/twofold-emergency-access/users/\$BOB

  Audit log: JSON lines of the category io.github.twofold.audit in Keycloak's output (listener twofold-audit).
  Metrics: http://localhost:$KC_MGMT_PORT/metrics (twofold_* counters).

  Text messages go to the SMS inbox page above, not to a phone (the dev-inbox gateway).
  To send real texts, see "SMS gateways" in README.md.

  Ctrl-C stops Keycloak and the demo application.

EOT
wait "$KC_PID"
