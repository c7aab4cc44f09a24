/** Credentials at the edge: reading the bearer header, and verifying user tokens (JWTs) with the algorithm pinned by the configured key. */
package io.huddle.adapters.web.auth;
