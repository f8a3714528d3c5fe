package io.github.twofold.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void ipv6ClientsAreCountedByTheirNetwork() {
        assertThat(ClientAddress.limitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64)).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddress.limitKey("2001:db8:1:2::1", 64)).isEqualTo(ClientAddress.limitKey("2001:db8:1:2:ffff::9", 64));
        assertThat(ClientAddress.limitKey("2001:db8:1:2::1", 64)).isNotEqualTo(ClientAddress.limitKey("2001:db8:1:3::1", 64));
        assertThat(ClientAddress.limitKey("2001:db8:1:2::1", 48)).isEqualTo(ClientAddress.limitKey("2001:db8:1:3::1", 48));
        assertThat(ClientAddress.limitKey("2001:db8::1", 128)).isNotEqualTo(ClientAddress.limitKey("2001:db8::2", 128));
        assertThat(ClientAddress.limitKey("fe80::1%eth0", 64)).isEqualTo("fe80:0:0:0:0:0:0:0/64");
    }

    @Test
    void ipv4AndAnythingElseStayAsTheyAre() {
        assertThat(ClientAddress.limitKey("203.0.113.7", 64)).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.limitKey("::ffff:203.0.113.7", 64)).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.limitKey("unknown", 64)).isEqualTo("unknown");
        assertThat(ClientAddress.limitKey("evil.example:80", 64)).as("never a name lookup").isEqualTo("evil.example:80");
    }

    @Test
    void aNetworkIsAnIpv4Slash24OrAnIpv6Slash48() {
        assertThat(ClientAddress.network("203.0.113.7")).contains("203.0.113.0/24");
        assertThat(ClientAddress.network("203.0.113.200")).isEqualTo(ClientAddress.network("203.0.113.7"));
        assertThat(ClientAddress.network("203.0.114.7")).isNotEqualTo(ClientAddress.network("203.0.113.7"));
        assertThat(ClientAddress.network("::ffff:203.0.113.7")).contains("203.0.113.0/24");
        assertThat(ClientAddress.network("2001:db8:5:9::1")).contains("2001:db8:5::/48");
        assertThat(ClientAddress.network("2001:db8:5:ffff::2")).isEqualTo(ClientAddress.network("2001:db8:5:9::1"));
        assertThat(ClientAddress.network("2001:db8::1")).contains("2001:db8::/48");
        assertThat(ClientAddress.network("unknown")).isEmpty();
        assertThat(ClientAddress.network("evil.example:80")).isEmpty();
    }
}
