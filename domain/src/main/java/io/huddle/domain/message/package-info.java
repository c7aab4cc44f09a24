/**
 * Messages of a session's log: what a sender may send, how a message looks once stored with its
 * {@code seq}, and the questions asked of the log (history pages, search, stats).
 */
package io.huddle.domain.message;
