package io.huddle.application.realtime;

/** How many members a session has and how many of them are online, as presence events carry them. */
public record Headcount(int online, int total) {
    public Headcount {
        if (online < 0 || total < 0) throw new IllegalArgumentException("negative headcount");
    }
}
