package io.github.twofold.action.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;

/**
 * Keycloak's own required actions with Twofold's check in front: the check decides whether
 * Keycloak's page and form post run at all, and each replacement is the one Keycloak picks.
 */
class GatedActionTest {

    private static final List<Class<? extends RequiredActionFactory>> GATED = List.of(GatedDeleteCredentialAction.class,
            GatedUpdateTotp.class, GatedRecoveryAuthnCodesAction.class, GatedWebAuthnRegisterFactory.class,
            GatedWebAuthnPasswordlessRegisterFactory.class, GatedUpdatePassword.class, GatedUpdateEmail.class,
            GatedUpdateProfile.class, GatedVerifyProfile.class);

    @Test
    void aCheckThatSaysNoKeepsKeycloaksPageAndPostFromRunning() {
        RequiredActionProvider keycloak = mock(RequiredActionProvider.class);
        RequiredActionContext context = mock(RequiredActionContext.class);
        GatedAction gated = GatedAction.gated(keycloak, c -> false);
        gated.requiredActionChallenge(context);
        gated.processAction(context);
        verify(keycloak, never()).requiredActionChallenge(context);
        verify(keycloak, never()).processAction(context);
    }

    @Test
    void aCheckThatSaysYesHandsPageAndPostToKeycloak() {
        RequiredActionProvider keycloak = mock(RequiredActionProvider.class);
        RequiredActionContext context = mock(RequiredActionContext.class);
        GatedAction gated = new GatedAction(keycloak, c -> true, c -> true);
        gated.requiredActionChallenge(context);
        gated.processAction(context);
        verify(keycloak).requiredActionChallenge(context);
        verify(keycloak).processAction(context);
    }

    @Test
    void thePageAndThePostAreCheckedEachOnItsOwn() {
        RequiredActionProvider keycloak = mock(RequiredActionProvider.class);
        RequiredActionContext context = mock(RequiredActionContext.class);
        // a post straight to the action URL, without the page: the post's own check decides
        GatedAction gated = new GatedAction(keycloak, c -> true, c -> false);
        gated.processAction(context);
        verify(keycloak, never()).processAction(context);
    }

    /** Keycloak uses, per provider id, the factory with the highest order: a replacement that lost would leave the door open. */
    @Test
    void eachReplacementHasKeycloaksIdAndWinsOverKeycloaksFactory() throws Exception {
        for (Class<? extends RequiredActionFactory> type : GATED) {
            RequiredActionFactory ours = type.getDeclaredConstructor().newInstance();
            RequiredActionFactory keycloaks = (RequiredActionFactory) type.getSuperclass().getDeclaredConstructor().newInstance();
            assertThat(ours.getId()).as(type.getSimpleName()).isEqualTo(keycloaks.getId());
            assertThat(ours.order()).as(type.getSimpleName()).isGreaterThan(keycloaks.order());
        }
    }

    @Test
    void eachReplacementIsRegistered() throws IOException {
        List<String> registered;
        try (InputStream in = GatedActionTest.class.getResourceAsStream("/META-INF/services/" + RequiredActionFactory.class.getName())) {
            registered = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")).map(String::trim).toList();
        }
        assertThat(registered).containsAll(GATED.stream().map(Class::getName).toList());
    }
}
