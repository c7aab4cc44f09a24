package io.huddle.adapters.web.limit;

import static io.huddle.adapters.web.limit.LimitedRoutes.Kind.API;
import static io.huddle.adapters.web.limit.LimitedRoutes.Kind.JOIN;
import static io.huddle.adapters.web.limit.LimitedRoutes.Kind.MESSAGE;
import static io.huddle.adapters.web.limit.LimitedRoutes.Kind.STRICT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitedRoutesTest {

    @Test
    void create_delete_kick_and_clear_are_strict() {
        assertThat(LimitedRoutes.of("POST", "/api/sessions")).isEqualTo(STRICT);
        assertThat(LimitedRoutes.of("POST", "/api/sessions/")).isEqualTo(STRICT);
        assertThat(LimitedRoutes.of("DELETE", "/api/sessions/K7M2QX")).isEqualTo(STRICT);
        assertThat(LimitedRoutes.of("DELETE", "/api/sessions/K7M2QX/members/m_1"))
                .isEqualTo(STRICT);
        assertThat(LimitedRoutes.of("DELETE", "/api/sessions/K7M2QX/messages")).isEqualTo(STRICT);
    }

    @Test
    void joins_and_sends_have_their_own_tiers() {
        assertThat(LimitedRoutes.of("POST", "/api/sessions/k7m2qx/members")).isEqualTo(JOIN);
        assertThat(LimitedRoutes.of("POST", "/api/sessions/K7M2QX/messages/")).isEqualTo(MESSAGE);
    }

    @Test
    void everything_else_under_api_is_api() {
        assertThat(LimitedRoutes.of("GET", "/api/sessions")).isEqualTo(API);
        assertThat(LimitedRoutes.of("GET", "/api/sessions/K7M2QX/members")).isEqualTo(API);
        assertThat(LimitedRoutes.of("PUT", "/api/sessions/K7M2QX/state")).isEqualTo(API);
        assertThat(LimitedRoutes.of("GET", "/api/sessions/K7M2QX/messages/search"))
                .isEqualTo(API);
        assertThat(LimitedRoutes.of("POST", "/api/sessions/K7M2QX/members/m_1")).isEqualTo(API);
        assertThat(LimitedRoutes.of("DELETE", "/api/sessions")).isEqualTo(API);
        assertThat(LimitedRoutes.of("POST", "/api/anything")).isEqualTo(API);
        assertThat(LimitedRoutes.of("PATCH", "/api/sessions/K7M2QX")).isEqualTo(API);
    }
}
