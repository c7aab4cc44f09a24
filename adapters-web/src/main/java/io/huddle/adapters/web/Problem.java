package io.huddle.adapters.web;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One error answer (RFC 9457 problem details, PROTOCOL.md section 4). The extras exist exactly where the
 * protocol puts them: {@code errors} on {@code invalid_request}, {@code retryAfter} on {@code rate_limited}
 * and {@code storage_unavailable}, {@code tier} (the refusing tier of PROTOCOL.md section 7) on
 * {@code rate_limited}, {@code currentVersion} on {@code version_conflict}. {@code detail} goes
 * to the client: write it for them, never with an exception's message, SQL or Redis text.
 */
public record Problem(
        ErrorCode code,
        String detail,
        List<FieldError> errors,
        Optional<Duration> retryAfter,
        Optional<String> tier,
        OptionalLong currentVersion) {

    /** Which field of the request broke which rule. */
    public record FieldError(String field, String message) {
        public FieldError {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
        errors = List.copyOf(errors);
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(currentVersion, "currentVersion");
        if (!errors.isEmpty() && code != ErrorCode.INVALID_REQUEST) {
            throw new IllegalArgumentException("field errors belong to invalid_request only");
        }
        boolean retries = code == ErrorCode.RATE_LIMITED || code == ErrorCode.STORAGE_UNAVAILABLE;
        if (retries != retryAfter.isPresent()) {
            throw new IllegalArgumentException("retryAfter belongs to rate_limited and storage_unavailable, always");
        }
        retryAfter.ifPresent(d -> {
            if (d.isNegative()) throw new IllegalArgumentException("retryAfter must not be negative");
        });
        if ((code == ErrorCode.RATE_LIMITED) != tier.isPresent()) {
            throw new IllegalArgumentException("tier belongs to rate_limited, always");
        }
        if ((code == ErrorCode.VERSION_CONFLICT) != currentVersion.isPresent()) {
            throw new IllegalArgumentException("currentVersion belongs to version_conflict, always");
        }
    }

    /** A problem without extras; the codes that need one have their own factories. */
    public static Problem of(ErrorCode code, String detail) {
        return new Problem(code, detail, List.of(), Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    public static Problem invalidRequest(String detail, List<FieldError> errors) {
        return new Problem(
                ErrorCode.INVALID_REQUEST, detail, errors, Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    public static Problem invalidField(String field, String message) {
        return invalidRequest("The request breaks a rule.", List.of(new FieldError(field, message)));
    }

    /** Refused by {@code tier} ({@code connect}, {@code join}, …), which names itself in the body. */
    public static Problem rateLimited(String tier, Duration retryAfter) {
        return new Problem(
                ErrorCode.RATE_LIMITED,
                "Too many requests; retry later.",
                List.of(),
                Optional.of(retryAfter),
                Optional.of(tier),
                OptionalLong.empty());
    }

    /** A write the store it needs could not take: nothing of it was stored. */
    public static Problem storageUnavailable(Duration retryAfter) {
        return storageUnavailable(
                "The store that must accept this write is unavailable; nothing was written. Retry later.", retryAfter);
    }

    /** A read that neither the store it needs nor a copy of it could answer; nothing was changed. */
    public static Problem storageUnavailableForRead(Duration retryAfter) {
        return storageUnavailable("The store that must answer this request is unavailable. Retry later.", retryAfter);
    }

    /**
     * A request Jetty's graceful stop refused as the drain began: nothing was done, and a retry reaches
     * another gateway. PROTOCOL.md's one 503 is the retryable storage_unavailable.
     */
    public static Problem shuttingDown() {
        return storageUnavailable(
                "This gateway is shutting down; nothing was done. Retry: another gateway will answer.",
                Duration.ofSeconds(1));
    }

    private static Problem storageUnavailable(String detail, Duration retryAfter) {
        return new Problem(
                ErrorCode.STORAGE_UNAVAILABLE,
                detail,
                List.of(),
                Optional.of(retryAfter),
                Optional.empty(),
                OptionalLong.empty());
    }

    public static Problem versionConflict(long currentVersion) {
        return new Problem(
                ErrorCode.VERSION_CONFLICT,
                "The state has changed since the version you based this on.",
                List.of(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.of(currentVersion));
    }

    /** Whole seconds, at least 1, as {@code Retry-After} and {@code retryAfter} carry it. */
    public OptionalLong retryAfterSeconds() {
        return retryAfter
                .map(d -> OptionalLong.of(Math.max(1, (d.toMillis() + 999) / 1000)))
                .orElse(OptionalLong.empty());
    }
}
