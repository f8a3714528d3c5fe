package io.github.twofold.sms;

import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.keycloak.Config;

/** A gateway's SPI options as Keycloak hands them to its factory, from a map (unit tests of the factories). */
public final class OptionsScope {

    private OptionsScope() {
    }

    public static Config.Scope of(Map<String, String> options) {
        Config.Scope config = mock(Config.Scope.class);
        when(config.get(anyString())).thenAnswer(call -> options.get(call.<String>getArgument(0)));
        when(config.get(anyString(), anyString())).thenAnswer(call -> options.getOrDefault(call.<String>getArgument(0), call.getArgument(1)));
        when(config.getInt(anyString(), anyInt())).thenAnswer(call -> {
            String value = options.get(call.<String>getArgument(0));
            return value == null ? call.getArgument(1) : Integer.valueOf(value);
        });
        when(config.getBoolean(anyString(), anyBoolean())).thenAnswer(call -> {
            String value = options.get(call.<String>getArgument(0));
            return value == null ? call.getArgument(1) : Boolean.valueOf(value);
        });
        return config;
    }
}
