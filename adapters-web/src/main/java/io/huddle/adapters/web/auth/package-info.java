/** User tokens: JWT verification with the algorithm pinned by the configured key. */
package io.huddle.adapters.web.auth;
