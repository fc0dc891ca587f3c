package io.stategrid.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.stategrid.StategridException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed, validated reads of flattened config keys; every error names the key and the value's source. */
final class ConfigValues {
    record Value(JsonNode node, String source) {}

    private final Map<String, Value> values;

    ConfigValues(Map<String, Value> values) {
        this.values = values;
    }

    Value raw(String key) {
        Value value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("no built-in default for " + key);
        }
        return value;
    }

    String text(String key) {
        return raw(key).node().asText();
    }

    String nonBlank(String key) {
        String value = text(key);
        if (value.isBlank()) {
            throw fail(key, "must not be empty");
        }
        return value;
    }

    String matching(String key, Pattern pattern, String rule) {
        String value = text(key);
        if (!pattern.matcher(value).matches()) {
            throw fail(key, rule + ", got '" + value + "'");
        }
        return value;
    }

    String oneOf(String key, Set<String> allowed) {
        String value = text(key);
        if (!allowed.contains(value)) {
            throw fail(key, "must be one of " + allowed + ", got '" + value + "'");
        }
        return value;
    }

    long number(String key, long min, long max) {
        long value = raw(key).node().asLong();
        if (value < min || value > max) {
            throw fail(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    int integer(String key, int min, int max) {
        return (int) number(key, min, max);
    }

    boolean bool(String key) {
        return raw(key).node().asBoolean();
    }

    Path path(String key) {
        return Path.of(nonBlank(key));
    }

    List<String> strings(String key) {
        List<String> list = new ArrayList<>();
        for (JsonNode item : raw(key).node()) {
            if (!item.isValueNode()) {
                throw fail(key, "must be a list of plain values");
            }
            list.add(item.asText());
        }
        return list;
    }

    List<JsonNode> objects(String key) {
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode item : raw(key).node()) {
            if (!item.isObject()) {
                throw fail(key, "must be a list of mappings");
            }
            list.add(item);
        }
        return list;
    }

    StategridException fail(String key, String problem) {
        return StategridException.invalid("%s: %s (from %s)", key, problem, raw(key).source());
    }
}
