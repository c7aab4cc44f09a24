package io.huddle.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.huddle.runtime.StartupFailure;
import io.huddle.runtime.settings.Env;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gateway that cannot bind its ports stops with one line naming HOST and the port's setting. */
class GatewayListenTest {

    private static void start(Map<String, String> env) {
        Gateway.start(GatewayConfig.from(new Env(env)), InstantSource.system()).close();
    }

    private static boolean binds(String host) {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void a_port_another_process_holds_is_one_line_naming_port_and_host() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> start(Map.of("HOST", "127.0.0.1", "PORT", String.valueOf(port))))
                    .isInstanceOf(StartupFailure.class)
                    .hasMessage("PORT: " + port + " on HOST 127.0.0.1 is already in use by another process; stop"
                            + " that process or set PORT to a free port");
        }
    }

    @Test
    void a_management_port_another_process_holds_names_huddle_management_port() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> start(Map.of("PORT", "0", "HUDDLE_MANAGEMENT_PORT", String.valueOf(port))))
                    .isInstanceOf(StartupFailure.class)
                    .hasMessage("HUDDLE_MANAGEMENT_PORT: " + port + " on HOST 127.0.0.1 is already in use by another"
                            + " process; stop that process or set HUDDLE_MANAGEMENT_PORT to a free port");
        }
    }

    @Test
    void an_address_this_machine_does_not_have_is_one_line_naming_host_not_a_port_in_use() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737); nothing listens, the bind itself fails.
        assumeThat(binds("192.0.2.1"))
                .as("a machine that binds addresses it lacks (ip_nonlocal_bind)")
                .isFalse();
        assertThatThrownBy(() -> start(Map.of("HOST", "192.0.2.1", "PORT", "0")))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("HOST: 192.0.2.1 is not an address of this machine, so PORT 0 cannot be bound")
                .hasMessageNotContaining("in use");
    }
}
