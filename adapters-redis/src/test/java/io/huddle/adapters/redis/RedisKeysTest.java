package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.session.SessionCode;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
    private final SessionCode code = new SessionCode("K7M2QX");

    @Test
    void session_keys_share_the_code_as_hash_tag() {
        var keys = new RedisKeys("huddle");

        assertThat(keys.session(code)).isEqualTo("huddle:{K7M2QX}:session");
        assertThat(keys.members(code)).isEqualTo("huddle:{K7M2QX}:members");
        assertThat(keys.presence(code)).isEqualTo("huddle:{K7M2QX}:presence");
        assertThat(keys.online(code)).isEqualTo("huddle:{K7M2QX}:online");
    }

    @Test
    void a_prefix_with_braces_is_refused_because_it_would_become_the_hash_tag() {
        assertThatThrownBy(() -> new RedisKeys("hud{dle}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisKeys("")).isInstanceOf(IllegalArgumentException.class);
    }
}
