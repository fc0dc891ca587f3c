package io.stategrid.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.Json;
import java.time.Duration;

/**
 * A cache's settings as JSON (durations in milliseconds), as the spec registry holds them and the edge
 * lists them. Not public API.
 */
public final class CacheSpecJson {
    private CacheSpecJson() {}

    public static ObjectNode toNode(CacheSpec s) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("name", s.name());
        millis(n, "ttlMillis", s.ttl());
        millis(n, "maxIdleMillis", s.maxIdle());
        n.put("maxEntriesPerMember", s.maxEntriesPerMember())
                .put("maxMemoryMbPerMember", s.maxMemoryMbPerMember())
                .put("eviction", s.eviction().name())
                .put("backups", s.backups())
                .put("persistence", s.persistence());
        if (s.loader() != null) {
            n.putObject("loader")
                    .put("sql", s.loader().sql())
                    .put("warmUpSql", s.loader().warmUpSql())
                    .put("provider", s.loader().provider());
        }
        millis(n, "negativeTtlMillis", s.negativeTtl());
        millis(n, "staleWhileRevalidateMillis", s.staleWhileRevalidate());
        n.put("refreshAhead", s.refreshAhead());
        millis(n, "staleIfErrorMillis", s.staleIfError());
        millis(n, "nearCacheStalenessMillis", s.nearCacheStaleness());
        return n.put("maxValueBytes", s.maxValueBytes());
    }

    public static String toJson(CacheSpec spec) {
        return toNode(spec).toString();
    }

    public static CacheSpec fromJson(String json) {
        JsonNode n = Json.readStored(json);
        JsonNode l = n.path("loader");
        CacheSpec.LoaderSpec loader = l.isObject()
                ? new CacheSpec.LoaderSpec(text(l, "sql"), text(l, "warmUpSql"), text(l, "provider"))
                : null;
        return new CacheSpec(
                n.path("name").asText(),
                duration(n, "ttlMillis"),
                duration(n, "maxIdleMillis"),
                n.path("maxEntriesPerMember").asInt(),
                n.path("maxMemoryMbPerMember").asInt(),
                CacheSpec.Eviction.valueOf(n.path("eviction").asText("LRU")),
                n.path("backups").asInt(1),
                n.path("persistence").asText("none"),
                loader,
                duration(n, "negativeTtlMillis"),
                duration(n, "staleWhileRevalidateMillis"),
                n.path("refreshAhead").asDouble(),
                duration(n, "staleIfErrorMillis"),
                duration(n, "nearCacheStalenessMillis"),
                n.path("maxValueBytes").asInt());
    }

    private static void millis(ObjectNode n, String field, Duration d) {
        if (d != null) {
            n.put(field, d.toMillis());
        }
    }

    private static Duration duration(JsonNode n, String field) {
        return n.hasNonNull(field) ? Duration.ofMillis(n.get(field).asLong()) : null;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
