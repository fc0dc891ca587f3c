package io.stategrid.persistence.codec;

import com.fasterxml.jackson.databind.JsonNode;

/** Arrays of a stored row's JSON read back as Java arrays; a missing field reads as empty. */
final class JsonArrays {
    private JsonArrays() {}

    static String[] texts(JsonNode array) {
        String[] out = new String[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asText();
        }
        return out;
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
