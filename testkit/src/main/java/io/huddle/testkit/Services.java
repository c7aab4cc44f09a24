package io.huddle.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds a real Redis and PostgreSQL once per test JVM, in this order: {@code REDIS_URL} /
 * {@code DATABASE_URL}; Testcontainers when a Docker engine answers; embedded binaries from Maven
 * Central (Redis 7.0.9, or a {@code redis-server} 7 already on the PATH; PostgreSQL). When none can serve, every test that asks fails with one line saying what to set.
 */
final class Services {
    private static final Logger log = LoggerFactory.getLogger(Services.class);

    private static final Lazy<URI> REDIS = new Lazy<>(Services::findRedis);
    private static final Lazy<PostgresServer> POSTGRES = new Lazy<>(Services::findPostgres);
    private static final Lazy<Boolean> DOCKER = new Lazy<>(Services::dockerAvailable);

    private Services() {}

    static URI redis() {
        return REDIS.get();
    }

    static PostgresServer postgres() {
        return POSTGRES.get();
    }

    private static URI findRedis() {
        var fromEnv = env("REDIS_URL");
        if (fromEnv.isPresent()) return URI.create(fromEnv.get());
        if (DOCKER.get()) {
            @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM ends
            var container = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
            container.start();
            log.info("Tests use Redis from Testcontainers");
            return URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
        }
        try {
            // A process of its own, killed by its shutdown hook when the test JVM ends.
            var server = PrivateRedis.start();
            log.info("Tests use redis-server {} ({}) on port {}", server.version(), server.source(), server.port());
            return server.url();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "No Redis for integration tests: set REDIS_URL (e.g. redis://127.0.0.1:6379)"
                            + " or start a Docker engine (" + e.getMessage() + ")");
        }
    }

    private static PostgresServer findPostgres() {
        var fromEnv = env("DATABASE_URL");
        if (fromEnv.isPresent()) return PostgresServer.fromDatabaseUrl(fromEnv.get());
        if (DOCKER.get()) {
            @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM ends
            var container = new PostgreSQLContainer(DockerImageName.parse("postgres:16-alpine"));
            container.start();
            log.info("Tests use PostgreSQL from Testcontainers");
            return new PostgresServer(
                    container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
        }
        try {
            var embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded)));
            log.info("Tests use embedded PostgreSQL on port {}", embedded.getPort());
            return new PostgresServer(
                    "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres", "postgres", "", "embedded");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "No PostgreSQL for integration tests: set DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)"
                            + " or start a Docker engine (embedded PostgreSQL failed: "
                            + e.getClass().getSimpleName()
                            + ")");
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (IOException e) {
            log.debug("Stopping embedded PostgreSQL failed", e);
        }
    }

    /** Computes once; remembers a failure too, so every later caller fails at once with the same line. */
    private static final class Lazy<T> {
        private final Supplier<T> compute;
        private T value;
        private RuntimeException failure;

        Lazy(Supplier<T> compute) {
            this.compute = compute;
        }

        synchronized T get() {
            if (value == null && failure == null) {
                try {
                    value = compute.get();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) throw failure;
            return value;
        }
    }
}
