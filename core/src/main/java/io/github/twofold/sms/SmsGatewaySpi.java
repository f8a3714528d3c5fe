package io.github.twofold.sms;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code twofold-sms-gateway}: providers {@code twilio}, {@code http}, {@code dev-inbox}. */
public class SmsGatewaySpi implements Spi {

    public static final String NAME = "twofold-sms-gateway";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SmsGateway.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SmsGatewayFactory.class;
    }
}
