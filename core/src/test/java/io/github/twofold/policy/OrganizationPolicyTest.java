package io.github.twofold.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.OrganizationModel;

class OrganizationPolicyTest {

    private static OrganizationModel organization(Map<String, List<String>> attributes) {
        OrganizationModel organization = mock(OrganizationModel.class);
        when(organization.getId()).thenReturn("org-" + attributes.hashCode());
        when(organization.getAlias()).thenReturn("acme");
        when(organization.getAttributes()).thenReturn(attributes);
        return organization;
    }

    @Test
    void onlyValidSettingsAnOrganizationMayChangeAreTaken() {
        OrganizationModel acme = organization(Map.of(
                "twofold.secondFactorRequiredFor", List.of("everyone"),
                "twofold.setUpMethods", List.of("app", "sms"),
                "twofold.trustedBrowserDays", List.of("400"),
                "twofold.smsPerUserPerHour", List.of("1000"),
                "twofold.noSuchSetting", List.of("1"),
                "twofold.smsMessageTemplate", List.of(""),
                "department", List.of("sales")));

        assertThat(OrganizationPolicy.overrides(acme)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "secondFactorRequiredFor", "everyone", "setUpMethods", "app,sms"));
        assertThat(OrganizationPolicy.problems(acme.getAttributes())).hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("twofold.trustedBrowserDays: "))
                .anySatisfy(p -> assertThat(p).isEqualTo("twofold.smsPerUserPerHour: an organization cannot change this setting (only "
                        + String.join(", ", OrganizationPolicy.OVERRIDABLE) + ")"))
                .anySatisfy(p -> assertThat(p).isEqualTo("twofold.noSuchSetting: not a Twofold setting"));
    }

    @Test
    void aValueKeycloakCannotStoreForAnOrganizationIsAProblemNotADatabaseError() {
        String template = "x".repeat(300) + " {code}";
        assertThat(OrganizationPolicy.problems(Map.of(
                "twofold.smsMessageTemplate", List.of(template),
                "twofold.secondFactorRequiredGroups", List.of("/" + "g".repeat(300)))))
                .containsExactlyInAnyOrder(
                        "twofold.smsMessageTemplate: a value is longer than 255 characters (what Keycloak stores for an organization)",
                        "twofold.secondFactorRequiredGroups: a value is longer than 255 characters (what Keycloak stores for an organization)");
        assertThat(OrganizationPolicy.problems(Map.of("twofold.smsMessageTemplate", List.of("Your code\0 {code}"))))
                .containsExactly("twofold.smsMessageTemplate: " + PolicySchema.setting("smsMessageTemplate").label() + " must not contain a NUL character");
        assertThat(OrganizationPolicy.problems(Map.of("twofold.smsMessageTemplate", List.of("x".repeat(240) + " {code}")))).isEmpty();
    }

    @Test
    void anOrganizationsPolicyIsTheRealmsWithItsSettingsInPlace() {
        TwofoldPolicy realm = TwofoldPolicy.read(new org.keycloak.common.util.MultivaluedHashMap<>(Map.of(
                "secondFactorRequiredFor", List.of("nobody"), "smsPerUserPerHour", List.of("3"))));
        TwofoldPolicy acme = realm.withOverrides(OrganizationPolicy.overrides(organization(Map.of(
                "twofold.secondFactorRequiredFor", List.of("everyone"), "twofold.smsPerUserPerHour", List.of("1000")))));

        assertThat(acme.secondFactorRequiredFor()).isEqualTo("everyone");
        assertThat(acme.smsPerUserPerHour()).as("a limit stays the realm's").isEqualTo(3);
        assertThat(realm.secondFactorRequiredFor()).as("the realm's policy is unchanged").isEqualTo("nobody");
        assertThat(realm.withOverrides(Map.of())).isSameAs(realm);
    }
}
