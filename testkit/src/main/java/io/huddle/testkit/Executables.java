package io.huddle.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Programs the tests run themselves (redis-server, nginx): where they are, and what they say of their version. */
final class Executables {
    private Executables() {}

    /**
     * Every executable file named {@code name}: the one {@code envVariable} names first (when set), then
     * each on the PATH, then in {@code extraDirs} (Debian puts nginx in {@code /usr/sbin}, which a user's
     * PATH often lacks). Duplicates are dropped.
     */
    static List<Path> candidates(String name, Optional<String> envVariable, List<Path> extraDirs) {
        var found = new LinkedHashSet<Path>();
        envVariable
                .flatMap(variable -> Optional.ofNullable(System.getenv(variable)))
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .ifPresent(found::add);
        var dirs = new ArrayList<Path>();
        Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(Path::of)
                .forEach(dirs::add);
        dirs.addAll(extraDirs);
        for (var dir : dirs) {
            var file = dir.resolve(name);
            if (Files.isRegularFile(file) && Files.isExecutable(file))
                found.add(file.toAbsolutePath().normalize());
        }
        return List.copyOf(found);
    }

    /** What {@code binary} with {@code argument} prints (stdout and stderr together); empty when it does not run. */
    static Optional<String> output(Path binary, String argument) {
        try {
            var process = new ProcessBuilder(binary.toString(), argument)
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            var text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(text.strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
