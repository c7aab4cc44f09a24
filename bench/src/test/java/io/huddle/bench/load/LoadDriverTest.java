package io.huddle.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadDriverTest {
    @Test
    void source_addresses_take_lists_and_ranges() {
        assertThat(LoadDriver.sources(List.of("127.0.0.2-127.0.0.4,127.0.1.9", "127.0.0.7")).stream()
                        .map(InetAddress::getHostAddress))
                .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.1.9", "127.0.0.7");
        assertThatThrownBy(() -> LoadDriver.sources(List.of("127.0.0.2-127.0.1.4")))
                .isInstanceOf(LoadDriver.Usage.class);
    }

    @Test
    void pids_are_labelled() {
        assertThat(LoadDriver.targets(List.of("server1=10,server2=11", "12")))
                .containsExactly(
                        new Proc.Target("server1", 10), new Proc.Target("server2", 11), new Proc.Target("pid12", 12));
    }

    @Test
    void options_have_the_harness_defaults_and_refuse_unknown_ones() {
        var options = LoadDriver.parse(new String[] {"--rate=500", "--pid", "a=1", "--pid", "b=2", "--json"});
        assertThat(options.number("rate")).isEqualTo(500);
        assertThat(options.whole("sessions", 1)).isEqualTo(10);
        assertThat(options.lists().get("pid")).containsExactly("a=1", "b=2");
        assertThat(options.flags()).contains("json");
        assertThatThrownBy(() -> LoadDriver.parse(new String[] {"--rats", "5"})).isInstanceOf(LoadDriver.Usage.class);
        assertThatThrownBy(() -> LoadDriver.parse(new String[] {"--rate", "-1"}).number("rate"))
                .isInstanceOf(LoadDriver.Usage.class);
    }

    /** A base URL nobody listens on: a run that got past the arguments would fail to connect (status 1). */
    private static String nobody() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void bad_numbers_are_refused_with_status_2_before_anything_runs() throws Exception {
        String url = nobody();
        // --rate belongs to fanout, but is checked whatever the scenario: a typo is not run with a default.
        assertThat(LoadDriver.execute(new String[] {"--urls", url, "--scenario", "idle", "--rate", "abc"}, Map.of()))
                .isEqualTo(2);
        assertThat(LoadDriver.execute(new String[] {"--urls", url, "--members", "1"}, Map.of()))
                .isEqualTo(2);
        assertThat(LoadDriver.execute(new String[] {"--urls", url, "--sessions", "2.5"}, Map.of()))
                .isEqualTo(2);
        assertThat(LoadDriver.execute(new String[] {"--urls", url, "--rate", "0"}, Map.of()))
                .isEqualTo(2);
        assertThat(LoadDriver.execute(new String[] {"--urls", url, "--jwt-secret", "env:UNSET"}, Map.of()))
                .isEqualTo(2);
        assertThat(LoadDriver.execute(new String[] {"--urls", url, "--server-key", "billing:hk_x"}, Map.of()))
                .isEqualTo(2);
        assertThatThrownBy(() -> LoadDriver.check(LoadDriver.parse(new String[] {"--members", "1"})))
                .hasMessageContaining("--members must be at least 2");
    }

    @Test
    void secrets_come_from_the_environment_with_env_name() {
        var options = LoadDriver.parse(new String[] {"--server-key", "env:HUDDLE_KEY"});
        assertThat(options.secret("server-key", Map.of("HUDDLE_KEY", "hk_secret")))
                .contains("hk_secret");
        assertThatThrownBy(() -> options.secret("server-key", Map.of()))
                .hasMessage("--server-key env:HUDDLE_KEY: the environment variable HUDDLE_KEY is not set");
    }

    @Test
    void an_unknown_host_is_enotfound_not_a_refused_connection() {
        var unresolved = new ConnectException();
        unresolved.initCause(new UnresolvedAddressException()); // what java.net.http throws for it
        assertThat(Failures.code(unresolved)).isEqualTo("ENOTFOUND");
    }

    @Test
    void a_rate_limit_tier_names_its_setting() {
        assertThat(RateLimits.setting("message-ip")).isEqualTo("RATE_LIMIT_MESSAGE_IP");
        assertThat(RateLimits.setting("join")).isEqualTo("RATE_LIMIT_JOIN");
    }
}
