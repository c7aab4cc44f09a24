package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WholeBodyFirstTest {

    @Test
    void a_body_announced_large_costs_no_more_than_a_small_buffer_until_its_bytes_arrive() {
        assertThat(WholeBodyFirst.initialCapacity(512 * 1024)).isLessThanOrEqualTo(4096);
        assertThat(WholeBodyFirst.initialCapacity(Long.MAX_VALUE)).isLessThanOrEqualTo(4096);
        assertThat(WholeBodyFirst.initialCapacity(-1)).isPositive().isLessThanOrEqualTo(4096); // chunked
        assertThat(WholeBodyFirst.initialCapacity(120)).isEqualTo(120);
    }
}
