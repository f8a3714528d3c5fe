package io.github.twofold.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which Account REST profile updates change the e-mail address (and so need a fresh second factor). */
class AccountApiGateTest {

    private static boolean changes(String body, String current) {
        return AccountApiGate.changesEmail(body.getBytes(StandardCharsets.UTF_8), current);
    }

    @Test
    void onlyAnotherOrAMissingAddressIsAChange() {
        assertThat(changes("{\"email\":\"a@example.test\",\"firstName\":\"A\"}", "a@example.test")).isFalse();
        assertThat(changes("{\"email\":\" A@Example.TEST \"}", "a@example.test")).as("case and spaces").isFalse();
        assertThat(changes("{\"email\":\"b@example.test\"}", "a@example.test")).isTrue();
        assertThat(changes("{\"firstName\":\"A\"}", "a@example.test")).as("dropping the address").isTrue();
        assertThat(changes("{\"email\":\"\"}", "a@example.test")).isTrue();
        assertThat(changes("{\"attributes\":{\"email\":[\"b@example.test\"]}}", "a@example.test")).as("as an attribute").isTrue();
    }

    @Test
    void aUserWithoutAnAddressChangesItOnlyByGivingOne() {
        assertThat(changes("{\"firstName\":\"A\"}", null)).isFalse();
        assertThat(changes("{\"email\":\"b@example.test\"}", null)).isTrue();
    }

    @Test
    void aBodyTheRuleCannotReadMayChangeTheAddress() {
        // Keycloak may read it differently: it needs the fresh second factor like a change
        assertThat(changes("not json", "a@example.test")).isTrue();
        assertThat(changes("[]", "a@example.test")).isTrue();
    }
}
