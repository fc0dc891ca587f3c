package io.stategrid.edge.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheStats;
import io.stategrid.cache.CacheValue;
import io.stategrid.node.config.CacheSpecJson;
import io.vertx.core.json.Json;
import java.util.Base64;
import java.util.Map;

/** Cache answers as JSON text, with stored JSON values embedded as they are (never re-encoded). */
final class CacheJson {
    private CacheJson() {}

    /** {@code {"key","version","contentType","tags","writtenAt","expiresAt","stale"}} plus the value. */
    static void entry(StringBuilder out, CacheValue value) {
        out.append("{\"key\":")
                .append(Json.encode(value.key()))
                .append(",\"version\":")
                .append(value.version())
                .append(",\"contentType\":")
                .append(Json.encode(value.contentType()));
        if (CacheValue.JSON.equals(value.contentType())) {
            out.append(",\"value\":").append(value.text());
        } else {
            out.append(",\"valueBase64\":\"")
                    .append(Base64.getEncoder().encodeToString(value.value()))
                    .append('"');
        }
        out.append(",\"tags\":")
                .append(Json.encode(value.tags()))
                .append(",\"writtenAt\":\"")
                .append(value.writtenAt())
                .append('"')
                .append(",\"expiresAt\":")
                .append(value.expiresAt() == null ? "null" : "\"" + value.expiresAt() + "\"")
                .append(",\"stale\":")
                .append(value.stale())
                .append('}');
    }

    /** The answer to a write: the entry without its value. */
    static String written(CacheValue value) {
        return "{\"key\":" + Json.encode(value.key()) + ",\"version\":" + value.version() + ",\"contentType\":"
                + Json.encode(value.contentType()) + ",\"tags\":" + Json.encode(value.tags()) + ",\"writtenAt\":\""
                + value.writtenAt() + "\",\"expiresAt\":"
                + (value.expiresAt() == null ? "null" : "\"" + value.expiresAt() + "\"") + "}";
    }

    /** {@code {"found":{key:entry},"missing":[keys]}} in the order asked. */
    static String found(Iterable<String> asked, Map<String, CacheValue> values) {
        StringBuilder out = new StringBuilder("{\"found\":{");
        StringBuilder missing = new StringBuilder("[");
        boolean firstFound = true;
        boolean firstMissing = true;
        for (String key : asked) {
            CacheValue value = values.get(key);
            if (value == null) {
                missing.append(firstMissing ? "" : ",").append(Json.encode(key));
                firstMissing = false;
            } else {
                out.append(firstFound ? "" : ",").append(Json.encode(key)).append(':');
                entry(out, value);
                firstFound = false;
            }
        }
        return out.append("},\"missing\":").append(missing).append("]}").toString();
    }

    /** Counters of a cache; hot keys only for {@code withHotKeys} (they name keys of every tenant). */
    static String stats(CacheStats stats, boolean withHotKeys) {
        StringBuilder out = new StringBuilder("{\"cache\":")
                .append(Json.encode(stats.cache()))
                .append(",\"hits\":")
                .append(stats.hits())
                .append(",\"misses\":")
                .append(stats.misses())
                .append(",\"hitRatio\":")
                .append(stats.hitRatio())
                .append(",\"loads\":")
                .append(stats.loads())
                .append(",\"loadFailures\":")
                .append(stats.loadFailures())
                .append(",\"loadTimeMs\":")
                .append(stats.loadTime() == null ? 0 : stats.loadTime().toMillis())
                .append(",\"evictions\":")
                .append(stats.evictions())
                .append(",\"entries\":")
                .append(stats.entries());
        if (withHotKeys) {
            out.append(",\"hotKeys\":[");
            for (int i = 0; i < stats.hotKeys().size(); i++) {
                CacheStats.HotKey hot = stats.hotKeys().get(i);
                out.append(i == 0 ? "" : ",")
                        .append("{\"key\":")
                        .append(Json.encode(hot.key()))
                        .append(",\"reads\":")
                        .append(hot.reads())
                        .append('}');
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    /** A cache's settings; the loader's SQL only for {@code withLoader} (admins), else whether it reads through. */
    static String spec(CacheSpec spec, boolean withLoader) {
        ObjectNode node = CacheSpecJson.write(spec);
        if (!withLoader) {
            node.remove("loader");
        }
        node.put("readThrough", spec.loader() != null);
        // Valid JSON with databind's default settings, as the grid's own mapper writes it.
        return node.toString();
    }
}
