package io.huddle.application.session;

import io.huddle.domain.session.Session;

/** A session as clients see it: the record plus its member and online counts. */
public record SessionView(Session session, int memberCount, int onlineCount) {}
