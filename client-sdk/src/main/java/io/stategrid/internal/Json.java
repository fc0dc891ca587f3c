package io.stategrid.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stategrid.StategridException;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one JSON mapper of Stategrid's own code, and conversions with clear errors. Not public API. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw StategridException.invalid("value is not JSON-compatible: %s", e.getOriginalMessage());
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
