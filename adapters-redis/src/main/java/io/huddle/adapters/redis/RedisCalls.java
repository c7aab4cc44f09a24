package io.huddle.adapters.redis;

import io.huddle.domain.StoreUnavailable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.NoSuchElementException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The one failure policy of every Redis port: "Redis cannot answer" becomes {@link StoreUnavailable}
 * (a connection refused, broken or timed out ({@link JedisConnectionException}), or no pooled connection
 * free within the pool's wait (a {@link NoSuchElementException} underneath)). Anything else (a script
 * error, a wrong type) stays what it is: retrying would not help. Applied once, at the module's door
 * ({@link RedisAdapters}), to every port it hands out, so no store translates failures itself.
 */
final class RedisCalls {
    /** A reconnect is quick once Redis is back; the client may try again after this. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    static final String STORE = "redis";

    private RedisCalls() {}

    static RuntimeException translated(RuntimeException failure) {
        if (failure instanceof StoreUnavailable) return failure;
        return isUnavailable(failure) ? new StoreUnavailable(STORE, RETRY_AFTER, failure) : failure;
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JedisConnectionException || t instanceof NoSuchElementException) return true;
        }
        return false;
    }

    /**
     * {@code store} behind its port, every call's failure translated. One decorator for every Redis
     * port at the module's door, rather than a try/catch in each of their methods.
     */
    static <T> T guarded(Class<T> port, T store) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException failure) throw translated(failure);
                throw e.getCause();
            }
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }

    /** {@link #guarded(Class, Object)}, each call timed into {@code meters} by outcome. */
    static <T> T guarded(Class<T> port, T store, RedisMeters meters) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) return method.invoke(store, args);
            long started = System.nanoTime();
            try {
                var result = method.invoke(store, args);
                meters.recordCall(started, true);
                return result;
            } catch (InvocationTargetException e) {
                meters.recordCall(started, false);
                if (e.getCause() instanceof RuntimeException failure) throw translated(failure);
                throw e.getCause();
            }
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }
}
