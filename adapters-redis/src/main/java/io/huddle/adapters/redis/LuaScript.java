package io.huddle.adapters.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One Lua script from a resource file next to the adapters, read once. It runs by EVALSHA; when
 * Redis does not know it (first use, a restart, SCRIPT FLUSH) it is loaded with SCRIPT LOAD and run
 * again, so start-up never needs Redis and the script text travels only when needed.
 */
final class LuaScript {
    private final String name;
    private final String source;
    private final String sha;
    private final byte[] shaBytes;

    LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
        this.shaBytes = sha.getBytes(StandardCharsets.UTF_8);
    }

    /** The script in {@code io/huddle/adapters/redis/<file>}. */
    static LuaScript load(String file) {
        var resource = "/io/huddle/adapters/redis/" + file;
        try (var in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing Lua resource " + resource);
            return new LuaScript(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua resource " + resource, e);
        }
    }

    /** A string a script returned, as text: Jedis hands bulk strings back as bytes or as strings. */
    static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : reply.toString();
    }

    /** Runs the script; {@code keys} must share one hash tag (the first one routes SCRIPT LOAD). */
    Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisDataException e) {
            if (!isNoScript(e)) throw e;
            loadInto(redis, keys);
            return redis.evalsha(sha, keys, args);
        }
    }

    /** {@link #run(UnifiedJedis, List, List)} with binary keys and arguments (payloads that are not text). */
    Object runBinary(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
        try {
            return redis.evalsha(shaBytes, keys, args);
        } catch (JedisDataException e) {
            if (!isNoScript(e)) throw e;
            String loaded = keys.isEmpty()
                    ? redis.scriptLoad(source)
                    : redis.scriptLoad(source, new String(keys.getFirst(), StandardCharsets.UTF_8));
            if (!sha.equalsIgnoreCase(loaded)) {
                throw new IllegalStateException("Redis hashed script " + name + " differently: " + loaded);
            }
            return redis.evalsha(shaBytes, keys, args);
        }
    }

    /** Queues a binary run in a pipeline; read it with {@link #resultBinary}. */
    Response<Object> queueBinary(AbstractPipeline pipeline, List<byte[]> keys, List<byte[]> args) {
        return pipeline.evalsha(shaBytes, keys, args);
    }

    /** The result of a queued binary run; when Redis did not know the script, loads it and runs it again. */
    Object resultBinary(Response<Object> queued, UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
        try {
            return queued.get();
        } catch (JedisDataException e) {
            if (!isNoScript(e)) throw e;
            return runBinary(redis, keys, args);
        }
    }

    /** Queues the script in a pipeline; read its result with {@link #result}. */
    Response<Object> queue(AbstractPipeline pipeline, List<String> keys, List<String> args) {
        return pipeline.evalsha(sha, keys, args);
    }

    /** The result of a queued run; when Redis did not know the script, loads it and runs it again. */
    Object result(Response<Object> queued, UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return queued.get();
        } catch (JedisDataException e) {
            if (!isNoScript(e)) throw e;
            return run(redis, keys, args);
        }
    }

    private void loadInto(UnifiedJedis redis, List<String> keys) {
        String loaded = keys.isEmpty() ? redis.scriptLoad(source) : redis.scriptLoad(source, keys.getFirst());
        if (!sha.equalsIgnoreCase(loaded)) {
            throw new IllegalStateException("Redis hashed script " + name + " differently: " + loaded);
        }
    }

    private static boolean isNoScript(JedisDataException e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String source) {
        try {
            var digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    @Override
    public String toString() {
        return "LuaScript[" + name + "]";
    }
}
