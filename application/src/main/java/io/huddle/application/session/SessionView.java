package io.huddle.application.session;

import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.Session;

/** A session as clients see it: the record plus how many members it has and how many are online. */
public record SessionView(Session session, Headcount headcount) {
    public int memberCount() {
        return headcount.total();
    }

    public int onlineCount() {
        return headcount.online();
    }
}
