# A production image: the official Keycloak image with the Twofold JAR, built once (kc.sh build),
# so the container starts with `start --optimized` and never re-builds at start.
#   ./mvnw -DskipTests package
#   docker build -t twofold-keycloak .
# Used by docker-compose.production.yml; the build options here must match the options it starts with.
FROM quay.io/keycloak/keycloak:26.7.3 AS builder
ENV KC_DB=postgres \
    KC_HEALTH_ENABLED=true \
    KC_METRICS_ENABLED=true
COPY provider/target/deploy/ /opt/keycloak/providers/
RUN /opt/keycloak/bin/kc.sh build

FROM quay.io/keycloak/keycloak:26.7.3
COPY --from=builder /opt/keycloak/ /opt/keycloak/
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized"]
