/** Sessions: their codes, lifetimes, limits and how they end. */
package io.huddle.domain.session;
