package io.huddle.adapters.web;

import java.util.Objects;

/** Thrown by a handler (or a helper deep inside one) to answer with a {@link Problem}; rendered in one place. */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        // No stack trace: this is an answer, not a failure, and it is thrown on hot paths.
        super(Objects.requireNonNull(problem, "problem").code().code(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
