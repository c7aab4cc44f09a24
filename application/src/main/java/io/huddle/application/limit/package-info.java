/**
 * Rate limits as the use cases ask for them: which tiers and keys one request is checked against
 * ({@link io.huddle.application.limit.LimitCheck}) and the one answer for all of them
 * ({@link io.huddle.application.limit.Verdict}).
 */
package io.huddle.application.limit;
