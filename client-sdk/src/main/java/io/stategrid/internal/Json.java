package io.stategrid.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stategrid.StategridException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one JSON mapper of Stategrid's own code, and conversions with clear errors. Not public API. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    // Documents reject "1 2" and {"a":1,"a":2}: what is stored must be exactly one unambiguous value.
    private static final com.fasterxml.jackson.databind.ObjectReader STRICT = MAPPER.reader()
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw StategridException.invalid("value is not JSON-compatible: %s", e.getOriginalMessage());
        }
    }

    /** Parses exactly one JSON value (no trailing data, no duplicate keys). */
    public static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = STRICT.readTree(json);
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

    /**
     * Parses JSON that Stategrid wrote and validated itself (stored content, applied ops), without the
     * duplicate-key tracking {@link #readTree} pays for on input from callers.
     */
    public static com.fasterxml.jackson.databind.JsonNode readStored(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw StategridException.of(
                    io.stategrid.ErrorCode.INTERNAL, "stored JSON does not parse: %s", e.getOriginalMessage());
        }
    }

    /** Parses a JSON object into an ordered map. */
    public static Map<String, Object> readObject(String json) {
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw StategridException.invalid("not a JSON object: %s", e.getOriginalMessage());
        }
    }
}
