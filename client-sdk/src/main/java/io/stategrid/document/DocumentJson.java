package io.stategrid.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.stategrid.StategridException;
import java.io.IOException;

/**
 * The strict JSON parsing {@link Document} and {@link TextOp} need: exactly one value, no trailing data,
 * no duplicate keys (the same rules the grid applies to what it stores).
 */
final class DocumentJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader STRICT = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private DocumentJson() {}

    static JsonNode readTree(String json) {
        try {
            JsonNode node = STRICT.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw StategridException.invalid("empty JSON");
            }
            return node;
        } catch (IOException e) {
            throw StategridException.invalid(
                    "not valid JSON: %s",
                    e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage());
        }
    }
}
