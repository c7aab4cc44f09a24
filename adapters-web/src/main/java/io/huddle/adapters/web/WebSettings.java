package io.huddle.adapters.web;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the HTTP edge needs to know: where to listen, which browser origins may call {@code /api}, how
 * large a request body may be, and how this process names itself in health responses.
 *
 * @param host the address both ports bind ({@code HOST}): {@code 127.0.0.1} keeps them on this machine,
 *     {@code 0.0.0.0} opens them to every network
 * @param port the HTTP port; {@code 0} picks a free one (see {@link WebServer#port()})
 * @param managementPort a second port that also serves {@code /metrics} and {@code /health*}; empty, or
 *     equal to a fixed {@code port}, means none
 * @param allowedOrigins origins allowed by CORS on {@code /api/*}; {@code "*"} allows any
 * @param maxRequestBodyBytes the whole request body's limit (PROTOCOL.md section 4: 512 KiB)
 * @param version the build's version, shown by {@code /health}
 * @param instanceId this instance's name, shown by {@code /health}
 */
public record WebSettings(
        String host,
        int port,
        OptionalInt managementPort,
        List<String> allowedOrigins,
        long maxRequestBodyBytes,
        String version,
        String instanceId) {

    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 512 * 1024;

    public WebSettings {
        Objects.requireNonNull(host, "host");
        requirePort(port, "port");
        Objects.requireNonNull(managementPort, "managementPort");
        managementPort.ifPresent(p -> requirePort(p, "managementPort"));
        if (managementPort.isPresent() && port != 0 && managementPort.getAsInt() == port) {
            managementPort = OptionalInt.empty();
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        if (maxRequestBodyBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be positive");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(instanceId, "instanceId");
    }

    /** One port on the loopback address, no CORS origins, the protocol's default body limit. */
    public static WebSettings of(int port, String version, String instanceId) {
        return new WebSettings(
                "127.0.0.1", port, OptionalInt.empty(), List.of(), DEFAULT_MAX_REQUEST_BODY_BYTES, version, instanceId);
    }

    public WebSettings withHost(String otherHost) {
        return new WebSettings(
                otherHost, port, managementPort, allowedOrigins, maxRequestBodyBytes, version, instanceId);
    }

    public WebSettings withManagementPort(int managementPort) {
        return new WebSettings(
                host, port, OptionalInt.of(managementPort), allowedOrigins, maxRequestBodyBytes, version, instanceId);
    }

    public WebSettings withAllowedOrigins(List<String> origins) {
        return new WebSettings(host, port, managementPort, origins, maxRequestBodyBytes, version, instanceId);
    }

    private static void requirePort(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0..65535");
        }
    }
}
