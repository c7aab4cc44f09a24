/** Who is in a session and who of them is online. */
package io.huddle.domain.presence;
