package io.stategrid.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.Json;
import io.stategrid.persistence.load.SqlCacheLoader;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cache's settings as written in {@code caches:} of {@code stategrid.yaml} and in the bodies of
 * {@code POST /v1/admin/caches} and {@code GET /v1/caches}: the {@link CacheSpec} fields with their
 * unit in the name ({@code ttlSeconds}, {@code nearCacheStalenessMs}); 0 or absent means "none" for a
 * duration, except that an absent {@code nearCacheStalenessMs} is the default 100 ms.
 */
public final class CacheSpecJson {
    static final Set<String> KEYS = Set.of(
            "name",
            "ttlSeconds",
            "maxIdleSeconds",
            "maxEntriesPerMember",
            "maxMemoryMbPerMember",
            "eviction",
            "backups",
            "persistence",
            "loader",
            "negativeTtlSeconds",
            "staleWhileRevalidateSeconds",
            "refreshAhead",
            "staleIfErrorSeconds",
            "nearCacheStalenessMs",
            "maxValueBytes");
    static final Set<String> LOADER_KEYS = Set.of("sql", "warmUpSql", "provider");
    private static final long MAX_SECONDS = CacheSpec.MAX_TTL.toSeconds();

    private CacheSpecJson() {}

    /**
     * Reads one cache's settings.
     *
     * @throws StategridException {@code INVALID_ARGUMENT} naming the cache, the setting and the bad value
     */
    public static CacheSpec read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw StategridException.invalid("a cache must be a mapping of settings, got %s", node);
        }
        String name = node.path("name").asText("");
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!KEYS.contains(field)) {
                throw StategridException.invalid(
                        "cache '%s': unknown setting '%s'; known: %s", name, field, new TreeSet<>(KEYS));
            }
        }
        CacheSpec.Builder b = CacheSpec.builder(text(node, name, "name"))
                .ttl(seconds(node, name, "ttlSeconds"))
                .maxIdle(seconds(node, name, "maxIdleSeconds"))
                .maxEntriesPerMember(whole(node, name, "maxEntriesPerMember", 0, Integer.MAX_VALUE, 0))
                .maxMemoryMbPerMember(whole(node, name, "maxMemoryMbPerMember", 0, Integer.MAX_VALUE, 0))
                .backups(whole(node, name, "backups", 0, 3, 1))
                .negativeTtl(seconds(node, name, "negativeTtlSeconds"))
                .staleWhileRevalidate(seconds(node, name, "staleWhileRevalidateSeconds"))
                .staleIfError(seconds(node, name, "staleIfErrorSeconds"))
                .maxValueBytes(whole(
                        node,
                        name,
                        "maxValueBytes",
                        1,
                        CacheSpec.MAX_VALUE_BYTES_LIMIT,
                        CacheSpec.DEFAULT_MAX_VALUE_BYTES));
        if (node.hasNonNull("eviction")) {
            String eviction = text(node, name, "eviction").toUpperCase(Locale.ROOT);
            try {
                b.eviction(CacheSpec.Eviction.valueOf(eviction));
            } catch (IllegalArgumentException e) {
                throw StategridException.invalid(
                        "cache '%s': eviction must be LRU, LFU or NONE, got '%s'",
                        name, node.get("eviction").asText());
            }
        }
        if (node.hasNonNull("persistence")) {
            b.persistence(text(node, name, "persistence"));
        }
        if (node.hasNonNull("refreshAhead")) {
            JsonNode value = node.get("refreshAhead");
            if (!value.isNumber()) {
                throw StategridException.invalid(
                        "cache '%s': refreshAhead must be a number in [0, 1), got %s", name, value);
            }
            b.refreshAhead(value.asDouble());
        }
        if (node.has("nearCacheStalenessMs")) {
            long ms = wholeLong(node, name, "nearCacheStalenessMs", 0, CacheSpec.MAX_TTL.toMillis(), 0);
            b.nearCacheStaleness(ms == 0 ? null : Duration.ofMillis(ms));
        }
        if (node.hasNonNull("loader")) {
            b.loader(loader(name, node.get("loader")));
        }
        return b.build();
    }

    private static CacheSpec.LoaderSpec loader(String name, JsonNode loader) {
        if (!loader.isObject()) {
            throw StategridException.invalid(
                    "cache '%s': loader must be {sql, warmUpSql} or {provider}, got %s", name, loader);
        }
        for (Iterator<String> fields = loader.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!LOADER_KEYS.contains(field)) {
                throw StategridException.invalid(
                        "cache '%s': unknown loader setting '%s'; known: %s", name, field, new TreeSet<>(LOADER_KEYS));
            }
        }
        String sql = optionalText(loader, name, "sql");
        String warmUp = optionalText(loader, name, "warmUpSql");
        String provider = optionalText(loader, name, "provider");
        if (warmUp != null && sql == null) {
            throw StategridException.invalid("cache '%s': loader.warmUpSql needs loader.sql", name);
        }
        CacheSpec.LoaderSpec spec = new CacheSpec.LoaderSpec(sql, warmUp, provider);
        SqlCacheLoader.validate(name, spec);
        return spec;
    }

    /** The settings in the same shape {@link #read} takes. */
    public static ObjectNode write(CacheSpec spec) {
        ObjectNode node = Json.MAPPER
                .createObjectNode()
                .put("name", spec.name())
                .put("ttlSeconds", seconds(spec.ttl()))
                .put("maxIdleSeconds", seconds(spec.maxIdle()))
                .put("maxEntriesPerMember", spec.maxEntriesPerMember())
                .put("maxMemoryMbPerMember", spec.maxMemoryMbPerMember())
                .put("eviction", spec.eviction().name())
                .put("backups", spec.backups())
                .put("persistence", spec.persistence())
                .put("negativeTtlSeconds", seconds(spec.negativeTtl()))
                .put("staleWhileRevalidateSeconds", seconds(spec.staleWhileRevalidate()))
                .put("refreshAhead", spec.refreshAhead())
                .put("staleIfErrorSeconds", seconds(spec.staleIfError()))
                .put(
                        "nearCacheStalenessMs",
                        spec.nearCacheStaleness() == null
                                ? 0
                                : spec.nearCacheStaleness().toMillis())
                .put("maxValueBytes", spec.maxValueBytes());
        if (spec.loader() != null) {
            ObjectNode loader = node.putObject("loader");
            if (spec.loader().sql() != null) {
                loader.put("sql", spec.loader().sql());
            }
            if (spec.loader().warmUpSql() != null) {
                loader.put("warmUpSql", spec.loader().warmUpSql());
            }
            if (spec.loader().provider() != null) {
                loader.put("provider", spec.loader().provider());
            }
        } else {
            node.putNull("loader");
        }
        return node;
    }

    private static long seconds(Duration duration) {
        return duration == null ? 0 : duration.toSeconds();
    }

    private static String text(JsonNode node, String cache, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw StategridException.invalid("cache '%s': %s must be a non-empty string, got %s", cache, field, value);
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String cache, String field) {
        return node.hasNonNull(field) ? text(node, cache, field) : null;
    }

    private static Duration seconds(JsonNode node, String cache, String field) {
        long seconds = wholeLong(node, cache, field, 0, MAX_SECONDS, 0);
        return seconds == 0 ? null : Duration.ofSeconds(seconds);
    }

    private static int whole(JsonNode node, String cache, String field, int min, int max, int fallback) {
        return (int) wholeLong(node, cache, field, min, max, fallback);
    }

    private static long wholeLong(JsonNode node, String cache, String field, long min, long max, long fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw StategridException.invalid(
                    "cache '%s': %s must be a whole number from %d to %d, got %s", cache, field, min, max, value);
        }
        return value.asLong();
    }
}
