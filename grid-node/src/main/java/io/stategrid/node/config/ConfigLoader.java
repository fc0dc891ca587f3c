package io.stategrid.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stategrid.StategridException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@link NodeOptions}: the shipped {@code stategrid.yaml} (built into the jar) as defaults,
 * then the user's file, the {@code STATEGRID_*} environment and flag overrides. Only keys that exist
 * in the defaults are accepted, and every value remembers where it came from so an error can say.
 */
final class ConfigLoader {
    static final String DEFAULTS_RESOURCE = "/io/stategrid/node/stategrid.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {}

    static NodeOptions load(Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, ConfigValues.Value> values = new LinkedHashMap<>();
        flatten("", readDefaults(), "built-in defaults", values);
        if (file.isPresent()) {
            applyFile(file.get(), values);
        }
        applyEnvironment(environment, values);
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String key = override.getKey();
            ConfigValues.Value current = values.get(key);
            if (current == null) {
                throw StategridException.invalid(
                        "unknown config key '%s' in command-line override; known keys: %s",
                        key, String.join(", ", new TreeMap<>(values).keySet()));
            }
            values.put(
                    key,
                    new ConfigValues.Value(
                            coerce(key, override.getValue(), current.node(), "--set " + key), "--set " + key));
        }
        return new OptionsBinder(new ConfigValues(values)).bind();
    }

    /** The environment variable that overrides {@code key}: edge.bodyLimitBytes → STATEGRID_EDGE_BODY_LIMIT_BYTES. */
    static String environmentName(String key) {
        return "STATEGRID_"
                + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static JsonNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in defaults " + DEFAULTS_RESOURCE);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void applyFile(Path file, Map<String, ConfigValues.Value> values) {
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw StategridException.invalid("cannot parse %s: %s", file, e.getOriginalMessage());
        } catch (IOException e) {
            throw StategridException.invalid("cannot read config file %s: %s", file, e.getMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return;
        }
        if (!tree.isObject()) {
            throw StategridException.invalid("%s must hold a mapping of sections (node, cluster, edge, jwt, pg)", file);
        }
        Map<String, ConfigValues.Value> fromFile = new LinkedHashMap<>();
        flatten("", tree, file.toString(), fromFile);
        for (Map.Entry<String, ConfigValues.Value> entry : fromFile.entrySet()) {
            String key = entry.getKey();
            ConfigValues.Value current = values.get(key);
            if (current == null) {
                throw StategridException.invalid(
                        "unknown config key '%s' in %s; known keys: %s",
                        key, file, String.join(", ", new TreeMap<>(values).keySet()));
            }
            JsonNode value = entry.getValue().node();
            if (value.isNull()) {
                continue;
            }
            if (current.node().isArray() != value.isArray() || value.isObject()) {
                throw StategridException.invalid(
                        "%s: expected %s in %s", key, current.node().isArray() ? "a list" : "a single value", file);
            }
            JsonNode typed = value.isArray() ? value : coerce(key, value.asText(), current.node(), file.toString());
            values.put(key, new ConfigValues.Value(typed, file.toString()));
        }
    }

    private static void applyEnvironment(Map<String, String> environment, Map<String, ConfigValues.Value> values) {
        for (Map.Entry<String, ConfigValues.Value> entry : values.entrySet()) {
            String name = environmentName(entry.getKey());
            String raw = environment.get(name);
            if (raw != null) {
                String source = "environment variable " + name;
                entry.setValue(new ConfigValues.Value(
                        coerce(entry.getKey(), raw, entry.getValue().node(), source), source));
            }
        }
    }

    /** Turns a string into the type of the default: booleans, whole numbers, lists (YAML flow or a,b,c). */
    private static JsonNode coerce(String key, String raw, JsonNode template, String source) {
        String text = raw.trim();
        if (template.isBoolean()) {
            if (!text.equals("true") && !text.equals("false")) {
                throw StategridException.invalid("%s: expected true or false, got '%s' (from %s)", key, raw, source);
            }
            return BooleanNode.valueOf(Boolean.parseBoolean(text));
        }
        if (template.isIntegralNumber()) {
            try {
                return LongNode.valueOf(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw StategridException.invalid("%s: expected a whole number, got '%s' (from %s)", key, raw, source);
            }
        }
        if (template.isArray()) {
            if (text.startsWith("[")) {
                try {
                    JsonNode parsed = YAML.readTree(text);
                    if (parsed.isArray()) {
                        return parsed;
                    }
                } catch (JsonProcessingException e) {
                    throw StategridException.invalid(
                            "%s: cannot parse list '%s' (from %s): %s", key, raw, source, e.getOriginalMessage());
                }
            }
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (String item : text.split(",")) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
            return list;
        }
        return TextNode.valueOf(raw);
    }

    private static void flatten(String prefix, JsonNode node, String source, Map<String, ConfigValues.Value> out) {
        if (node.isObject() && (prefix.isEmpty() || prefix.indexOf('.') < 0)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(
                        prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
                        field.getValue(),
                        source,
                        out);
            }
        } else {
            out.put(prefix, new ConfigValues.Value(node, source));
        }
    }
}
