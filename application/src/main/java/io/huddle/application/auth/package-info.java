/** Who is calling: a member (by member token), a user (by JWT), or nobody. */
package io.huddle.application.auth;
