package io.github.twofold.it.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.it.harness.KeycloakServer;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.it.harness.OtherAddress;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.OtherServer;
import io.github.twofold.it.harness.Ports;
import io.github.twofold.it.harness.TwofoldTest;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Per-address limits count an IPv6 client by its /64: a host that rotates through the addresses of
 * its network gets no fresh SMS budget. Needs a server listening on IPv6 and addresses of this
 * machine in two /64 networks (added to the loopback device, which takes root); elsewhere the test
 * is skipped and says why.
 */
@TwofoldTest(otherServers = OtherServer.SECOND)
class Ipv6ClientsIT {

    private static final List<String> SAME_NETWORK = List.of("fd00:7f:0:0::a1", "fd00:7f:0:0::a2", "fd00:7f:0:0::a3");
    private static final String OTHER_NETWORK = "fd00:7f:0:1::b1";

    @Test
    void rotatingThroughOneNetworkGetsNoFreshSmsBudget(TestEnvironment env) throws Exception {
        List<String> all = new ArrayList<>(SAME_NETWORK);
        all.add(OTHER_NETWORK);
        List<String> added = new ArrayList<>();
        try {
            for (String address : all) {
                String problem = addLoopbackAddress(address);
                Assumptions.assumeTrue(problem == null, () -> "IPv6 addresses cannot be added here (" + problem + "); the unit test ClientAddressTest covers the keying");
                added.add(address);
            }
            Assumptions.assumeTrue(Ports.ipv6Loopback(), "no IPv6 loopback here for the server to listen on");
            KeycloakServer server = env.secondServer();
            AdminApi admin = new AdminApi(server.baseUrl());
            String realm = TestEnvironment.realmWithPolicy(admin, "v6", Map.of("smsPerIpPerHour", "2"), Map.of("quickLoginCheckMilliSeconds", 1));
            List<Integer> sent = new ArrayList<>();
            for (String address : all) {
                TestUser user = env.newUserWithPhone(admin, realm, "v6");
                try (OtherAddress from = new OtherAddress(InetAddress.getByName(address), InetAddress.getByName("::1"), server.httpPort())) {
                    HttpLogin login = env.httpLogin();
                    HttpLogin.Page page = LoginPages.password(login, login.open(env.oidc(from.baseUrl(), realm).authRequest().url()), user);
                    sent.add(env.sms().messagesTo(user.phone()).size());
                    if (address.equals(SAME_NETWORK.get(2))) {
                        assertThat(page.errorText()).as("the third address of the /64").contains("Too many codes requested");
                    }
                }
            }
            assertThat(sent).as("SMS per address: two of one /64 spend its budget of 2, the third gets none; another /64 has its own")
                    .containsExactly(1, 1, 0, 1);
        } finally {
            added.forEach(Ipv6ClientsIT::removeLoopbackAddress);
        }
    }

    /** Null when the address is now on the loopback device and usable, else why not. */
    private static String addLoopbackAddress(String address) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            if (!(probe.getInetAddress() instanceof Inet6Address)) {
                return "no IPv6 loopback";
            }
        } catch (IOException e) {
            return "no IPv6: " + e.getMessage();
        }
        String out = run("ip", "-6", "addr", "add", address + "/128", "dev", "lo", "nodad");
        return out == null || out.contains("File exists") ? null : out;
    }

    private static void removeLoopbackAddress(String address) {
        run("ip", "-6", "addr", "del", address + "/128", "dev", "lo");
    }

    /** Null on success, else the command's output. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor() == 0 ? null : out.trim();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
