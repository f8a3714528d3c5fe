package io.github.twofold.sms;

import io.github.twofold.policy.EveryRealm;
import io.github.twofold.policy.TwofoldPolicy;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * At start, and for each realm created later: a realm whose policy allows phone numbers of a
 * country that no configured gateway serves gets an error line, before a user of that country
 * meets "could not send".
 */
final class CountryRoutes {

    private static final Logger LOG = Logger.getLogger(CountryRoutes.class);
    /**
     * Each gateway factory asks; one watch per server, with the lines it logged: a realm imported at
     * start is seen both as created and at the start, and is told about once.
     */
    private static final Map<KeycloakSessionFactory, Set<String>> WATCHED = Collections.synchronizedMap(new WeakHashMap<>());

    private CountryRoutes() {
    }

    static void checkEveryRealm(KeycloakSessionFactory factory) {
        if (WATCHED.putIfAbsent(factory, ConcurrentHashMap.newKeySet()) == null) {
            EveryRealm.onStartAndCreate(factory, realm -> check(factory, realm));
        }
    }

    /** The countries of {@code countries} that none of the routes serves. */
    static List<String> unserved(List<CountryRoute> routes, Collection<String> countries) {
        return countries.stream().filter(c -> routes.stream().noneMatch(r -> r.serves(c))).toList();
    }

    private static void check(KeycloakSessionFactory factory, RealmModel realm) {
        if (!TwofoldPolicy.exists(realm)) {
            return;
        }
        List<SmsGatewayFactory> gateways = SmsDispatcher.gateways(factory);
        if (gateways.isEmpty() || gateways.stream().anyMatch(g -> g.route().equals(CountryRoute.EVERY_COUNTRY))) {
            return;
        }
        List<String> allowed = TwofoldPolicy.of(realm).phoneAllowedRegions();
        Collection<String> countries = allowed.isEmpty() ? new TreeSet<>(PhoneNumberUtil.getInstance().getSupportedRegions()) : allowed;
        List<String> unserved = unserved(gateways.stream().map(SmsGatewayFactory::route).toList(), countries);
        if (!unserved.isEmpty()) {
            String line = String.format("Realm %s allows phone numbers of %s, but no SMS gateway serves %s "
                    + "(options countries / exclude-countries of the twofold-sms-gateway SPI): codes to those numbers cannot be sent",
                    realm.getName(), allowed.isEmpty() ? "every country" : String.join(",", allowed),
                    unserved.size() <= 12 ? String.join(",", unserved)
                            : String.join(",", unserved.subList(0, 12)) + " and " + (unserved.size() - 12) + " more");
            if (WATCHED.get(factory).add(realm.getId() + " " + line)) {
                LOG.error(line);
            }
        }
    }
}
