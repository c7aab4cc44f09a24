/** Rate limits as a use case: the policy's checks for one request, counted by the limiter port. */
package io.huddle.application.limit;
