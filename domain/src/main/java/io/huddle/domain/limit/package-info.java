/**
 * Rate limits: how many requests of one key a window allows ({@link io.huddle.domain.limit.Limit},
 * the exact sliding-window rule), which tiers one request is checked against
 * ({@link io.huddle.domain.limit.LimitPolicy}), and the port that counts them
 * ({@link io.huddle.domain.limit.RateLimiter}).
 */
package io.huddle.domain.limit;
