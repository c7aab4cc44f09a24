package io.huddle.adapters.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small web app from the classpath: {@code GET /} is its {@code index.html}, {@code GET /demo/<path>}
 * its other files. Only the files its {@code files.txt} lists are served (read once, at start-up, so no
 * request ever touches the file system or the jar, and no path can climb out), each with a strict
 * Content-Security-Policy: scripts, styles and connections to this origin only, nothing inline.
 */
public final class StaticRoutes implements HttpRoutes {
    static final String PREFIX = "/demo/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json");

    private record File(byte[] body, String contentType, String etag) {}

    private final Map<String, File> files;

    private StaticRoutes(Map<String, File> files) {
        this.files = Map.copyOf(files);
    }

    /**
     * The app in classpath folder {@code folder}; empty when this build has none (no {@code files.txt}),
     * e.g. a jar built without the JavaScript client.
     */
    public static Optional<StaticRoutes> fromClasspath(String folder) {
        var loader = StaticRoutes.class.getClassLoader();
        var manifest = read(loader, folder + "/files.txt");
        if (manifest.isEmpty()) return Optional.empty();
        Map<String, File> files = new LinkedHashMap<>();
        for (var line : new String(manifest.get(), StandardCharsets.UTF_8).split("\n")) {
            var path = line.strip();
            if (path.isEmpty()) continue;
            if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IllegalStateException("files.txt lists a path outside its folder: " + path);
            }
            var body = read(loader, folder + "/" + path)
                    .orElseThrow(() -> new IllegalStateException("files.txt lists a missing file: " + path));
            files.put(path, new File(body, contentType(path), etag(body)));
        }
        if (!files.containsKey("index.html")) throw new IllegalStateException(folder + " has no index.html");
        return Optional.of(new StaticRoutes(files));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> serve(ctx, "index.html"));
        routes.get(PREFIX + "<path>", ctx -> serve(ctx, ctx.pathParam("path")));
    }

    private void serve(Context ctx, String path) {
        var file = files.get(path);
        if (file == null) throw new ProblemException(Problem.of(ErrorCode.NOT_FOUND, "No such route."));
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", file.etag());
        if (file.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(file.contentType()).result(file.body());
    }

    private static Optional<byte[]> read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String contentType(String path) {
        var extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static String etag(byte[] body) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
