/** What happens in a session, as every gateway instance learns it. */
package io.huddle.domain.event;
