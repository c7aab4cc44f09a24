package io.huddle.adapters.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Receives a request's whole body before any handler runs, without holding a thread while it waits.
 * The handlers read bodies with blocking reads on the pool's 200 threads: a client that sent its headers and
 * then its body a byte now and then (never idle long enough for the idle timeout) held one thread per
 * connection for as long as it liked, so a couple of hundred such connections, with no credential at all (the
 * join takes a body), left every other client of the gateway without an answer. Here the body is read as
 * it arrives, on demand callbacks, and copied (a chunk's network buffer is released at once, so a body sent
 * in many tiny pieces costs its bytes, not a buffer per piece); the handler then reads it from memory.
 *
 * <p>A body over {@code maxBytes} is {@code 413 payload_too_large} as soon as it passes the limit; one that
 * says so in its {@code Content-Length} is left to the handlers, which answer the same without reading it.
 * The bodies being received are held within one budget for the whole gateway; a request whose body would
 * take it past the budget is {@code 503 storage_unavailable} with {@code retryAfter}, nothing done.
 */
final class WholeBodyFirst extends Handler.Wrapper {
    /** Room for a typical body (a message, a join) before the buffer grows. */
    private static final int INITIAL = 4096;

    /**
     * Bodies held in memory at once, all requests together: {@code 64} whole bodies of the 512 KiB limit
     * (32 MiB by default; a buffer grows by doubling, so up to twice that in the heap).
     * Without a bound, clients that each sent most of a large body and then held back its end made the
     * gateway keep all of it (no thread each any more, so nothing else bounded them) until the heap ran out.
     */
    static final int BODIES_IN_BUDGET = 64;

    private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(1);

    private final long maxBytes;
    private final long budgetBytes;
    private final java.util.concurrent.atomic.AtomicLong buffered = new java.util.concurrent.atomic.AtomicLong();

    WholeBodyFirst(long maxBytes) {
        this(maxBytes, maxBytes * BODIES_IN_BUDGET);
    }

    WholeBodyFirst(long maxBytes, long budgetBytes) {
        this.maxBytes = maxBytes;
        this.budgetBytes = budgetBytes;
    }

    /** Bytes of bodies held in memory now, every request's together. */
    long buffered() {
        return buffered.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!hasBody(request) || request.getLength() > maxBytes) return super.handle(request, response, callback);
        new Receiving(request, response, callback).read();
        return true;
    }

    /**
     * The buffer a body starts in, grown as bytes arrive: sized by what arrives, never by what
     * {@code Content-Length} promises. Sized by the promise, 300 connections that each announced 512 KiB
     * and sent one byte took 150 MB of heap between them, and a gateway with a 256 MB heap ran out of memory.
     */
    static int initialCapacity(long announcedLength) {
        return (int) Math.min(announcedLength > 0 ? announcedLength : INITIAL, INITIAL);
    }

    private static boolean hasBody(Request request) {
        var headers = request.getHeaders();
        return request.getLength() > 0
                || headers.contains(HttpHeader.TRANSFER_ENCODING, HttpHeaderValue.CHUNKED.asString());
    }

    /** One request's body on its way in. */
    private final class Receiving implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream body;
        /** Bytes of this body counted in {@link #buffered}; given back once the handler has it, or it failed. */
        private long counted;

        Receiving(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.body = new ByteArrayOutputStream(initialCapacity(request.getLength()));
        }

        /** Reads what has arrived; asks to be called again (on a pool thread) when more does. */
        void read() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    giveBack();
                    // The client went away or broke the framing: Jetty's own error answer, if it can still be sent.
                    Response.writeError(request, response, callback, chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                ByteBuffer bytes = chunk.getByteBuffer();
                int size = bytes.remaining();
                if (body.size() + (long) size > maxBytes) {
                    chunk.release();
                    giveBack();
                    refuse(Problem.of(
                            ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes."));
                    return;
                }
                if (buffered.addAndGet(size) > budgetBytes) {
                    buffered.addAndGet(-size);
                    chunk.release();
                    giveBack();
                    refuse(Problem.storageUnavailable(RETRY_AFTER));
                    return;
                }
                counted += size;
                byte[] copy = new byte[size];
                bytes.get(copy);
                body.write(copy, 0, copy.length);
                chunk.release();
                if (last) {
                    handOn();
                    return;
                }
            }
        }

        /** Demand callbacks are plain {@link Runnable}s: Jetty runs them on a pool thread, where handlers may block. */
        @Override
        public void run() {
            read();
        }

        private void giveBack() {
            buffered.addAndGet(-counted);
            counted = 0;
        }

        private void handOn() {
            var received = new Received(request, body.toByteArray());
            giveBack(); // the handler's copy is its own now, as any request's body it reads
            try {
                if (!WholeBodyFirst.this.getHandler().handle(received, response, callback)) {
                    Response.writeError(request, response, callback, 404);
                }
            } catch (Throwable e) {
                Response.writeError(request, response, callback, e);
            }
        }

        /** Answers {@code problem} at once; the rest of the body is not read. */
        private void refuse(Problem problem) {
            var correlationId = CorrelationIds.keepOrCreate(request.getHeaders().get(CorrelationIds.HEADER));
            response.setStatus(problem.code().status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
            response.getHeaders().put(CorrelationIds.HEADER, correlationId);
            // The rest of the body is not read: the connection closes after this answer.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            problem.retryAfterSeconds()
                    .ifPresent(seconds -> response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds)));
            response.write(true, ByteBuffer.wrap(Problems.body(problem, correlationId)), callback);
        }
    }

    /** The request as the handlers see it: its body already here, in one last chunk. */
    private static final class Received extends Request.Wrapper {
        private final long length;
        private byte[] body;

        Received(Request request, byte[] body) {
            super(request);
            this.length = body.length;
            this.body = body;
        }

        @Override
        public long getLength() {
            return length;
        }

        @Override
        public synchronized Content.Chunk read() {
            if (body == null) return Content.Chunk.EOF;
            var chunk = Content.Chunk.from(ByteBuffer.wrap(body), true);
            body = null;
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            // The whole body is here: whatever is asked for can be read now.
            demandCallback.run();
        }
    }
}
