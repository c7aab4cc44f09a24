/**
 * A session's one shared state document: opaque JSON the members read and write, and the version
 * that every write raises, so a client can write "only if nobody wrote since version N".
 */
package io.huddle.domain.state;
