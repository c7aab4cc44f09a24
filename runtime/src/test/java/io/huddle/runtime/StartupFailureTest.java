package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

class StartupFailureTest {

    /** What the system answers when {@code host:port} is bound: its exception, or none. */
    private static Exception bind(InetSocketAddress address) throws Exception {
        try (var channel = ServerSocketChannel.open()) {
            channel.bind(address);
            return null;
        } catch (BindException | UnresolvedAddressException e) {
            return e;
        }
    }

    @Test
    void a_port_another_process_holds_names_the_port_setting_and_host() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            var cause = bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(cause).isInstanceOf(BindException.class);

            assertThat(StartupFailure.cannotListen("PORT", "127.0.0.1", port, cause))
                    .hasMessage("PORT: " + port + " on HOST 127.0.0.1 is already in use by another process; stop that"
                            + " process or set PORT to a free port");
            assertThat(StartupFailure.cannotListen("HUDDLE_MANAGEMENT_PORT", "127.0.0.1", port, cause))
                    .hasMessageStartingWith("HUDDLE_MANAGEMENT_PORT: " + port + " on HOST 127.0.0.1 is already in use")
                    .hasMessageEndingWith("set HUDDLE_MANAGEMENT_PORT to a free port");
        }
    }

    @Test
    void an_address_this_machine_does_not_have_names_host_and_the_port() throws Exception {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): an address no interface here holds.
        var cause = bind(new InetSocketAddress("192.0.2.1", 0));
        assumeThat(cause)
                .as("a machine that binds addresses it lacks (ip_nonlocal_bind)")
                .isNotNull();
        assertThat(cause).isInstanceOf(BindException.class);

        assertThat(StartupFailure.cannotListen("PORT", "192.0.2.1", 4201, cause).getMessage())
                .startsWith("HOST: 192.0.2.1 is not an address of this machine, so PORT 4201 cannot be bound there (")
                .endsWith("); set HOST to one of its addresses, or 0.0.0.0 or :: for all of them")
                .doesNotContain("in use");
    }

    @Test
    void a_host_that_does_not_resolve_names_host() throws Exception {
        var cause = bind(InetSocketAddress.createUnresolved("gw-9.internal", 0));
        assertThat(cause).isInstanceOf(UnresolvedAddressException.class);

        assertThat(StartupFailure.cannotListen("PORT", "gw-9.internal", 4201, cause))
                .hasMessage("HOST: gw-9.internal does not resolve to an address, so PORT 4201 cannot be bound; set"
                        + " HOST to an address of this machine (e.g. 0.0.0.0, 127.0.0.1, ::) or a host name that"
                        + " resolves to one");
    }

    @Test
    void a_port_that_needs_privileges_says_so_and_any_other_answer_is_passed_on() {
        assertThat(StartupFailure.cannotListen("PORT", "0.0.0.0", 80, new BindException("Permission denied")))
                .hasMessage("PORT: 80 on HOST 0.0.0.0 needs a privilege this process does not have (Permission"
                        + " denied); set PORT to a port from 1024 up");
        assertThat(StartupFailure.cannotListen("PORT", "127.0.0.1", 4201, new BindException("Something else")))
                .hasMessage("PORT: 4201 on HOST 127.0.0.1 cannot be bound (Something else); check HOST and PORT"
                        + " (docs/operations.md)");
    }

    @Test
    void the_failure_has_no_stack_trace() {
        assertThat(StartupFailure.cannotListen("PORT", "127.0.0.1", 4201, new BindException("Address in use"))
                        .getStackTrace())
                .isEmpty();
    }
}
