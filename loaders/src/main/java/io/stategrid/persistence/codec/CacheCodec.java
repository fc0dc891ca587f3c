package io.stategrid.persistence.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stategrid.StategridException;
import io.stategrid.internal.Json;
import io.stategrid.internal.cache.CacheEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Cache entries in {@code grid_entries}: the value nested as JSON when its content type is JSON, else
 * as base64; version and fence in their columns (a replayed or fenced-out store is refused by the
 * generic store), the logical expiry as {@code expires_at} so expired rows are cleaned up. A load in
 * progress is not persisted: after a restart the entry has no claim, and a placeholder without a value
 * reads as a miss.
 */
public final class CacheCodec implements EntryCodec<CacheEntry> {
    public static final CacheCodec INSTANCE = new CacheCodec();

    private CacheCodec() {}

    @Override
    public StoredRow encode(String key, CacheEntry e) {
        ObjectNode json = Json.MAPPER
                .createObjectNode()
                .put("key", e.key())
                .put("version", e.version())
                .put("writtenAt", e.writtenAt())
                .put("expiresAt", e.expiresAt())
                .put("negative", e.negative());
        ArrayNode tags = json.putArray("tags");
        for (String tag : e.tags()) {
            tags.add(tag);
        }
        if (e.value() != null) {
            json.put("contentType", e.contentType());
            if (isJson(e.contentType())) {
                try {
                    json.set("value", Json.MAPPER.readTree(e.value()));
                } catch (IOException notJson) {
                    throw StategridException.invalid("cache entry %s holds a value that is not JSON", key);
                }
            } else {
                json.put("base64", Base64.getEncoder().encodeToString(e.value()));
            }
        }
        return new StoredRow(
                key,
                e.tenant(),
                null,
                e.version(),
                e.expiresAt() == 0 ? null : Instant.ofEpochMilli(e.expiresAt()),
                e.fence() == 0 ? null : e.fence(),
                json.toString());
    }

    @Override
    public CacheEntry decode(StoredRow row) {
        try {
            JsonNode json = Json.MAPPER.readTree(row.json());
            byte[] value = json.has("value")
                    ? Json.MAPPER.writeValueAsString(json.get("value")).getBytes(StandardCharsets.UTF_8)
                    : json.has("base64")
                            ? Base64.getDecoder().decode(json.get("base64").asText())
                            : null;
            String[] tags = JsonArrays.texts(json.path("tags"));
            return CacheEntry.restored(
                    row.tenant(),
                    json.path("key").asText(),
                    value,
                    value == null ? null : json.path("contentType").asText(),
                    row.version(),
                    tags,
                    json.path("writtenAt").asLong(),
                    json.path("expiresAt").asLong(),
                    row.fence() == null ? 0 : row.fence(),
                    json.path("negative").asBoolean());
        } catch (IOException e) {
            throw StategridException.invalid("stored cache entry %s is not valid JSON: %s", row.key(), e.getMessage());
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null
                && (contentType.equals("application/json") || contentType.startsWith("application/json;"));
    }
}
