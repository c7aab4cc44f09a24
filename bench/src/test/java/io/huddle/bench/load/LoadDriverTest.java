package io.huddle.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
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
}
