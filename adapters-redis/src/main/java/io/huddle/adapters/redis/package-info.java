/** Redis implementations of the application's ports. */
package io.huddle.adapters.redis;
