package io.huddle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code redis-server} the tests start themselves, of a version they can rely on: the first one on
 * the PATH that is {@link #MINIMUM} or newer (its {@code --version} is read, not guessed), else the
 * 7.0.9 binary shipped in the embedded-redis jar for this OS and processor. The code under test uses
 * Redis 7 commands ({@code PEXPIRETIME} in the tests, sharded pub/sub), so an older server never serves.
 */
record RedisServerBinary(Path path, String version, String source) {
    /** The oldest Redis the gateway supports (and checks at start-up). */
    static final int[] MINIMUM = {7, 0};

    static final String EMBEDDED_VERSION = "7.0.9";
    private static final Pattern VERSION = Pattern.compile("\\bv=(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Object LOCK = new Object();
    private static RedisServerBinary chosen;

    /** Found once per JVM; fails with one line naming what to install when nothing qualifies. */
    static RedisServerBinary get() {
        synchronized (LOCK) {
            if (chosen == null) chosen = find();
            return chosen;
        }
    }

    private static RedisServerBinary find() {
        var rejected = new ArrayList<String>();
        for (var candidate : Executables.candidates("redis-server", Optional.empty(), List.of())) {
            var version = version(candidate);
            if (version.isPresent() && atLeastMinimum(version.get())) {
                return new RedisServerBinary(candidate, version.get(), "PATH");
            }
            rejected.add(candidate + " (" + version.orElse("does not run") + ")");
        }
        var embedded = embedded();
        var version = embedded.flatMap(RedisServerBinary::version);
        if (version.isPresent() && atLeastMinimum(version.get())) {
            return new RedisServerBinary(embedded.get(), version.get(), "embedded");
        }
        throw new IllegalStateException("No redis-server " + MINIMUM[0] + "." + MINIMUM[1] + " or newer for the tests"
                + (rejected.isEmpty() ? "" : ": too old or broken on the PATH: " + String.join(", ", rejected))
                + "; the embedded " + EMBEDDED_VERSION + " does not run on " + platform()
                + ". Install Redis 7 (Debian 12 or later: apt-get install redis-server) or set REDIS_URL");
    }

    /** {@code 7.0.15} from {@code redis-server --version}; empty when it does not run or says nothing like it. */
    static Optional<String> version(Path binary) {
        return Executables.output(binary, "--version").flatMap(RedisServerBinary::parseVersion);
    }

    static Optional<String> parseVersion(String versionLine) {
        var m = VERSION.matcher(versionLine);
        return m.find() ? Optional.of(m.group(1) + "." + m.group(2) + "." + m.group(3)) : Optional.empty();
    }

    static boolean atLeastMinimum(String version) {
        var parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return major > MINIMUM[0] || (major == MINIMUM[0] && minor >= MINIMUM[1]);
    }

    /** The jar's binary for this platform, copied to a temporary executable file; empty for other platforms. */
    static Optional<Path> embedded() {
        String resource = "/redis-server-" + EMBEDDED_VERSION + "-" + platform();
        try (InputStream in = RedisServerBinary.class.getResourceAsStream(resource)) {
            if (in == null) return Optional.empty();
            Path file = Files.createTempFile("redis-server-" + EMBEDDED_VERSION + "-", "");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            if (!file.toFile().setExecutable(true, true)) return Optional.empty();
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the embedded redis-server", e);
        }
    }

    /** {@code linux-amd64}, {@code darwin-arm64}, …: how the jar names its binaries. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osName = os.contains("mac") || os.contains("darwin") ? "darwin" : os.contains("linux") ? "linux" : os;
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return osName + "-" + archName;
    }
}
