package io.huddle.adapters.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** A feature module that exists only for tests: echoes bodies, throws, blocks. */
final class TestRoutes implements HttpRoutes {
    record Item(String name, int count) {}

    final CountDownLatch slowEntered = new CountDownLatch(1);
    final CountDownLatch slowRelease = new CountDownLatch(1);

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/test/echo", ctx -> ctx.json(JsonBody.readTree(ctx)));
        routes.post("/api/test/items", ctx -> ctx.status(201).json(JsonBody.read(ctx, Item.class)));
        routes.get("/api/test/items/{id}", ctx -> ctx.json(Map.of("id", ctx.pathParam("id"))));
        routes.post("/api/test/ignores-body", ctx -> ctx.status(204));
        routes.get("/api/test/boom", ctx -> {
            throw new IllegalStateException("SELECT * FROM sessions failed for jdbc:postgresql://db/huddle");
        });
        routes.get("/api/test/limited", ctx -> {
            throw new ProblemException(Problem.rateLimited("api", Duration.ofMillis(1500)));
        });
        routes.get("/api/test/conflict", ctx -> Problems.send(ctx, Problem.versionConflict(7)));
        routes.get("/api/test/invalid", ctx -> {
            throw new ProblemException(Problem.invalidField("displayName", "must be 1..50 characters"));
        });
        routes.get("/api/test/log", TestRoutes::logInside);
        routes.get("/api/test/slow", this::slow);
    }

    private static void logInside(Context ctx) {
        LoggerFactory.getLogger("huddle.test.handler").info("inside the handler");
        ctx.result("logged");
    }

    private void slow(Context ctx) throws InterruptedException {
        slowEntered.countDown();
        slowRelease.await();
        ctx.result("slow done");
    }
}
