package io.huddle.adapters.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.server.ServerKeyName;
import org.junit.jupiter.api.Test;

class HashedServerKeysTest {
    private static final String BILLING = "hk_" + "b".repeat(43);
    private static final String OPS = "hk_" + "o".repeat(32);

    private final HashedServerKeys keys = HashedServerKeys.parse("billing:" + BILLING + "\n# ops\nops:" + OPS);

    @Test
    void each_key_verifies_as_its_name() {
        assertThat(keys.verify(BILLING)).contains(new ServerKeyName("billing"));
        assertThat(keys.verify(OPS)).contains(new ServerKeyName("ops"));
        assertThat(keys.names()).containsExactly(new ServerKeyName("billing"), new ServerKeyName("ops"));
    }

    @Test
    void a_wrong_or_revoked_key_or_another_credential_verifies_as_nobody() {
        var revoked = HashedServerKeys.parse("ops:" + OPS);

        assertThat(revoked.verify(BILLING)).isEmpty();
        assertThat(keys.verify(BILLING + "x")).isEmpty();
        assertThat(keys.verify(BILLING.substring(0, BILLING.length() - 1))).isEmpty();
        assertThat(keys.verify("hm_" + "b".repeat(43))).isEmpty();
        assertThat(keys.verify("")).isEmpty();
        assertThat(keys.verify(null)).isEmpty();
    }

    @Test
    void its_text_names_the_keys_and_never_a_secret() {
        assertThat(keys.toString()).contains("billing", "ops").doesNotContain(BILLING, OPS);
    }

    @Test
    void a_setting_without_any_key_is_refused() {
        assertThatThrownBy(() -> HashedServerKeys.parse(" , # nothing\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no name:secret");
    }
}
