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
    void fresh_ids_differ() {
        assertThat(CorrelationIds.keepOrCreate(null)).isNotEqualTo(CorrelationIds.keepOrCreate(null));
    }
}
