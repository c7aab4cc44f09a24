package io.huddle.adapters.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * docs/openapi.yaml, as the build packaged it into this jar, read once and served as JSON at
 * {@code /openapi.json}: the document is written in one place and the gateway serves that very text.
 */
final class ApiDocument {
    static final String OPENAPI = "/io/huddle/adapters/web/api/openapi.yaml";
    static final String ASYNCAPI = "/io/huddle/adapters/web/api/asyncapi.yaml";

    private ApiDocument() {}

    /** The OpenAPI document as JSON bytes; the build always packages it, so its absence is a broken jar. */
    static byte[] openApiJson() {
        try (var in = ApiDocument.class.getResourceAsStream(OPENAPI)) {
            if (in == null) throw new IllegalStateException(OPENAPI + " is not in the jar");
            var tree = new ObjectMapper(new YAMLFactory()).readTree(in);
            return new ObjectMapper().writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
