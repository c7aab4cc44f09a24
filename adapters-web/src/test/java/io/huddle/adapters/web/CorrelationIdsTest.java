package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CorrelationIdsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"a", "abc-123", "A.b_C-d", "0123456789012345678901234567890123456789012345678901234567890123"})
    void a_well_formed_id_is_kept(String id) {
        assertThat(CorrelationIds.keepOrCreate(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "has space",
                "line\nbreak",
                "quote\"",
                "ünïcode",
                "01234567890123456789012345678901234567890123456789012345678901234"
            })
    void anything_else_is_replaced_by_a_fresh_well_formed_id(String offered) {
        String id = CorrelationIds.keepOrCreate(offered);
        assertThat(id).isNotEqualTo(offered).matches("[A-Za-z0-9._-]{1,64}");
    }

    @Test
    void a_member_token_or_a_server_key_offered_as_an_id_is_never_echoed() {
        var memberToken = "hm_" + "Ab3_-x".repeat(7) + "Z";
        var serverKey = "hk_" + "3dAw_-x".repeat(6);
        assertThat(CorrelationIds.keepOrCreate(memberToken)).isNotEqualTo(memberToken);
        assertThat(CorrelationIds.keepOrCreate(serverKey)).isNotEqualTo(serverKey);
        assertThat(CorrelationIds.keepOrCreate("hm_short")).isEqualTo("hm_short");
    }

    @Test
    void fresh_ids_differ() {
        assertThat(CorrelationIds.keepOrCreate(null)).isNotEqualTo(CorrelationIds.keepOrCreate(null));
    }
}
