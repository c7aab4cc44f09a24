package io.huddle.adapters.web.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientIpsTest {
    private final ClientIps proxies = ClientIps.trusting(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    private String resolve(String peer, String forwardedFor) {
        return proxies.resolve(peer, Optional.ofNullable(forwardedFor));
    }

    @Test
    void without_a_header_the_peer_is_the_client() {
        assertThat(resolve("203.0.113.9", null)).isEqualTo("203.0.113.9");
        assertThat(resolve("10.2.3.4", null)).isEqualTo("10.2.3.4");
    }

    @Test
    void a_trusted_peer_names_the_client_by_the_right_most_address_that_is_no_trusted_proxy() {
        assertThat(resolve("10.2.3.4", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(resolve("10.2.3.4", "198.51.100.1, 10.9.9.9"))
                .as("past a second proxy")
                .isEqualTo("198.51.100.1");
        assertThat(resolve("192.168.1.7", " 198.51.100.2 ")).isEqualTo("198.51.100.2");
        assertThat(resolve("fd12::1", "2001:db8::5, fd12::1")).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(resolve("[fd12::1]", "[2001:db8::5]:443")).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(resolve("10.0.0.1", "198.51.100.3:51000")).isEqualTo("198.51.100.3");
    }

    @Test
    void what_the_client_writes_left_of_its_own_address_is_never_believed() {
        assertThat(resolve("10.2.3.4", "203.0.113.66, 198.51.100.1"))
                .as("a forged address appended to by the proxy")
                .isEqualTo("198.51.100.1");
        assertThat(resolve("10.2.3.4", "10.1.1.1, 198.51.100.1"))
                .as("a forged proxy address")
                .isEqualTo("198.51.100.1");
        assertThat(resolve("10.2.3.4", "unknown, 203.0.113.66, 198.51.100.1, 10.9.9.9"))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void a_header_of_trusted_proxies_only_names_its_left_most() {
        assertThat(resolve("10.2.3.4", "10.7.7.7, 192.168.1.7")).isEqualTo("10.7.7.7");
    }

    @Test
    void an_untrusted_peer_is_the_client_whatever_its_header_says() {
        assertThat(resolve("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        assertThat(resolve("192.168.1.8", "198.51.100.1"))
                .as("just outside a single address")
                .isEqualTo("192.168.1.8");
        assertThat(resolve("11.0.0.1", "198.51.100.1")).as("just outside 10/8").isEqualTo("11.0.0.1");
        assertThat(resolve("fe00::1", "198.51.100.1"))
                .as("just outside fd00::/8")
                .isEqualTo("fe00:0:0:0:0:0:0:1");
    }

    @Test
    void an_ipv4_block_never_holds_an_ipv6_peer_nor_the_other_way_round() {
        var v4 = ClientIps.trusting(List.of("0.0.0.0/0"));
        var v6 = ClientIps.trusting(List.of("::/0"));

        assertThat(v4.resolve("2001:db8::1", Optional.of("198.51.100.1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(v4.resolve("203.0.113.1", Optional.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(v6.resolve("203.0.113.1", Optional.of("198.51.100.1"))).isEqualTo("203.0.113.1");
        assertThat(v6.resolve("2001:db8::1", Optional.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "example.com", "300.1.1.1", "1.2.3", "::g", "_hidden"})
    void an_entry_that_is_no_address_ends_the_walk_at_the_last_proxy_passed(String entry) {
        assertThat(resolve("10.2.3.4", "198.51.100.1, " + entry)).isEqualTo("10.2.3.4");
        assertThat(resolve("10.2.3.4", "198.51.100.1, " + entry + ", 10.9.9.9")).isEqualTo("10.9.9.9");
        assertThat(resolve("10.2.3.4", entry + ", 198.51.100.1")).isEqualTo("198.51.100.1");
    }

    @Test
    void one_address_written_two_ways_is_one_client() {
        assertThat(resolve("10.0.0.1", "::1")).isEqualTo(resolve("10.0.0.1", "0:0:0:0:0:0:0:1"));
        assertThat(resolve("10.0.0.1", "::ffff:198.51.100.1")).isEqualTo("198.51.100.1");
    }

    @Test
    void prefix_lengths_that_do_not_fall_on_a_byte_boundary_are_exact() {
        var block = ClientIps.trusting(List.of("172.16.0.0/12"));

        assertThat(block.resolve("172.31.255.255", Optional.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(block.resolve("172.32.0.0", Optional.of("198.51.100.1"))).isEqualTo("172.32.0.0");
        assertThat(block.resolve("172.15.255.255", Optional.of("198.51.100.1"))).isEqualTo("172.15.255.255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.internal", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0.256"})
    void a_setting_that_is_no_cidr_is_refused_with_its_text(String cidr) {
        assertThatThrownBy(() -> ClientIps.trusting(List.of(cidr)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cidr);
    }
}
