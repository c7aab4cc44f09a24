/** Members of a session: identity, role and permissions, and the tokens they hold. */
package io.huddle.domain.member;
