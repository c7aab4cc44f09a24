package io.huddle.adapters.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.adapters.web.auth.BearerHeader.Read;
import org.junit.jupiter.api.Test;

class BearerHeaderTest {
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl";

    @Test
    void no_header_is_absent() {
        assertThat(BearerHeader.read(null)).isEqualTo(new Read.Absent());
    }

    @Test
    void a_bearer_credential_is_read_whatever_the_case_of_the_scheme() {
        for (String scheme : new String[] {"Bearer", "bearer", "BEARER", "bEaReR"}) {
            assertThat(BearerHeader.read(scheme + " " + JWT)).isEqualTo(new Read.Credential(JWT));
        }
        assertThat(BearerHeader.read("Bearer   hm_abc-_DEF= ")).isEqualTo(new Read.Credential("hm_abc-_DEF="));
    }

    @Test
    void anything_else_is_malformed() {
        for (String header : new String[] {
            "",
            "Bearer",
            "Bearer ",
            "Basic dXNlcjpwYXNz",
            "Bearer a b",
            "Bearer a,b",
            "Bearera",
            "hm_token",
            "Bearer \"x\""
        }) {
            assertThat(BearerHeader.read(header)).as(header).isEqualTo(new Read.Malformed());
        }
    }

    @Test
    void a_credential_never_shows_in_its_string_form() {
        assertThat(new Read.Credential(JWT).toString()).doesNotContain(JWT);
    }
}
