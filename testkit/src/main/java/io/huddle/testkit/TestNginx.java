package io.huddle.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * nginx for the end-to-end tests, found the way the other services are: the binary {@code NGINX} names
 * when it is set, else the first {@code nginx} on the PATH or in {@code /usr/sbin} (where Debian puts
 * it) that runs. Maven Central ships no nginx, so where there is none the test fails with one line
 * saying what to install.
 */
public final class TestNginx {
    private TestNginx() {}

    /** The nginx binary to run; throws an {@link AssertionError} naming what to install when there is none. */
    public static Path binary() {
        var candidates = Executables.candidates(
                "nginx", Optional.of("NGINX"), List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin")));
        return candidates.stream()
                .filter(candidate -> Executables.output(candidate, "-v").isPresent())
                .findFirst()
                .orElseThrow(() -> new AssertionError("No nginx for the load-balancer test: install nginx"
                        + " (Debian/Ubuntu: apt-get install nginx) or set NGINX to the path of an nginx binary"));
    }
}
