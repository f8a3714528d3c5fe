package io.github.twofold.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/** The one SMS code check that the login step, the set-up action and the password grant share. */
class PendingCodesTest {

    private static final String PHONE = "credential-1";

    /** Keycloak's single-use store, in memory (lifetimes are not needed here). */
    private static final class MemoryStore implements SingleUseObjectProvider {
        private final Map<String, Map<String, String>> entries = new HashMap<>();

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            entries.put(key, notes);
        }

        @Override
        public Map<String, String> get(String key) {
            return entries.get(key);
        }

        @Override
        public Map<String, String> remove(String key) {
            return entries.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return entries.replace(key, notes) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            return entries.putIfAbsent(key, Map.of()) == null;
        }

        @Override
        public boolean contains(String key) {
            return entries.containsKey(key);
        }

        @Override
        public void close() {
        }
    }

    private static PendingCodes pending() {
        KeycloakSession session = mock(KeycloakSession.class);
        when(session.singleUseObjects()).thenReturn(new MemoryStore());
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm");
        ClientModel client = mock(ClientModel.class);
        when(client.getId()).thenReturn("client");
        UserModel user = mock(UserModel.class);
        when(user.getId()).thenReturn("user");
        return PendingCodes.forPasswordGrant(session, realm, client, user);
    }

    private static PendingCode sent(PendingCodes pending, String code) {
        PendingCode issued = PendingCode.issue(code, PHONE, Time.currentTime(), 300, null, 30);
        pending.save(issued, Time.currentTime());
        return issued;
    }

    @AfterEach
    void resetClock() {
        Time.setOffset(0);
    }

    @Test
    void theRightCodeIsAcceptedOnceAndThenCountsAsNoCode() {
        PendingCodes pending = pending();
        PendingCode code = sent(pending, "123456");
        assertThat(pending.check(code, PHONE, " 123 456 ", 6)).isEqualTo(CodeCheck.OK);
        assertThat(pending.check(code, PHONE, "123456", 6)).as("a second use of the same code").isEqualTo(CodeCheck.ALREADY_USED);
        assertThat(pending.check(pending.get(), PHONE, "123456", 6)).isEqualTo(CodeCheck.NO_CODE);
    }

    @Test
    void everyWrongInputHasItsOwnReasonAndLeavesTheCodeUsable() {
        PendingCodes pending = pending();
        PendingCode code = sent(pending, "123456");
        assertThat(pending.check(code, PHONE, "", 6)).isEqualTo(CodeCheck.EMPTY);
        assertThat(pending.check(code, PHONE, null, 6)).isEqualTo(CodeCheck.EMPTY);
        assertThat(pending.check(code, PHONE, "12345", 6)).isEqualTo(CodeCheck.MALFORMED);
        assertThat(pending.check(code, PHONE, "12a456", 6)).isEqualTo(CodeCheck.MALFORMED);
        assertThat(pending.check(code, PHONE, "654321", 6)).isEqualTo(CodeCheck.WRONG);
        assertThat(pending.check(code, "another-phone", "123456", 6)).as("a code sent to another factor").isEqualTo(CodeCheck.NO_CODE);
        assertThat(pending.check(code, PHONE, "123456", 6)).isEqualTo(CodeCheck.OK);
    }

    @Test
    void aCodePastItsLifetimeIsExpiredEvenWhenRight() {
        PendingCodes pending = pending();
        PendingCode code = sent(pending, "123456");
        Time.setOffset(301);
        assertThat(pending.check(code, PHONE, "123456", 6)).isEqualTo(CodeCheck.EXPIRED);
        assertThat(CodeCheck.EXPIRED.reason()).isEqualTo("expired");
    }

    @Test
    void aCodeAGatewayMadeIsComparedByThatGatewayButBoundAndUsedOnceHere() {
        PendingCodes pending = pending();
        PendingCode code = PendingCode.issue("999999", PHONE, Time.currentTime(), 300, null, 30).checkedBy("twilio-verify");
        pending.save(code, Time.currentTime());
        assertThat(pending.get().checkedBy()).as("kept with the pending code").isEqualTo("twilio-verify");
        java.util.List<String> asked = new java.util.ArrayList<>();
        java.util.function.Function<String, CodeCheck> gateway = digits -> {
            asked.add(digits);
            return digits.equals("424242") ? CodeCheck.OK : CodeCheck.WRONG;
        };
        assertThat(pending.check(code, PHONE, "12a456", 6, gateway)).isEqualTo(CodeCheck.MALFORMED);
        assertThat(pending.check(code, "another-phone", "424242", 6, gateway)).isEqualTo(CodeCheck.NO_CODE);
        assertThat(asked).as("input that is not a code, or for another factor, is never asked about").isEmpty();
        assertThat(pending.check(code, PHONE, "654321", 6, gateway)).isEqualTo(CodeCheck.WRONG);
        assertThat(pending.check(code, PHONE, "424242", 6, digits -> CodeCheck.UNAVAILABLE)).isEqualTo(CodeCheck.UNAVAILABLE);
        assertThat(pending.check(code, PHONE, "424 242", 6, gateway)).isEqualTo(CodeCheck.OK);
        assertThat(pending.check(code, PHONE, "424242", 6, gateway)).as("used once, whatever the gateway says").isEqualTo(CodeCheck.ALREADY_USED);
        assertThat(asked).containsExactly("654321", "424242", "424242");
    }
}
