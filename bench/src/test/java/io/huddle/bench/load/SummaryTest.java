package io.huddle.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = SummaryTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Lines of the shared harness's loadgen, and what its summarize.js printed for them. */
    @Test
    void prints_the_harness_results_as_its_summarize_does() throws IOException {
        var json = new ObjectMapper();
        var printed = new ArrayList<String>();
        for (var line : resource("loadgen-results.jsonl").split("\n")) {
            if (!line.isBlank()) printed.addAll(Summary.lines(json.readTree(line)));
        }
        assertThat(printed)
                .containsExactlyElementsOf(
                        List.of(resource("loadgen-results.summarized.txt").split("\n")));
    }

    @Test
    void rounds_as_javascript_to_fixed_does() {
        assertThat(Summary.fixed(1.005, 2)).isEqualTo("1.00"); // 1.00499… as a double
        assertThat(Summary.fixed(0.125, 2)).isEqualTo("0.13");
        assertThat(Summary.fixed(2.5, 0)).isEqualTo("3");
        assertThat(Summary.fixed(-0.0, 1)).isEqualTo("0.0");
    }
}
