package io.stategrid.persistence.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stategrid.StategridException;
import io.stategrid.internal.Json;
import io.stategrid.internal.session.RefreshFamily;
import java.time.Instant;
import java.util.Arrays;

/** Refresh-token families in {@code grid_entries}: hashes only, versioned, expiring with their session. */
public final class RefreshFamilyCodec implements EntryCodec<RefreshFamily> {
    public static final RefreshFamilyCodec INSTANCE = new RefreshFamilyCodec();

    private RefreshFamilyCodec() {}

    @Override
    public StoredRow encode(String key, RefreshFamily family) {
        ObjectNode json = Json.MAPPER
                .createObjectNode()
                .put("familyId", family.familyId())
                .put("sessionId", family.sessionId())
                .put("tenant", family.tenant())
                .put("subject", family.subject())
                .put("revoked", family.revoked())
                .put("expiresAt", family.expiresAt())
                .put("version", family.version());
        ArrayNode roles = json.putArray("roles");
        Arrays.stream(family.roles()).forEach(roles::add);
        ArrayNode hashes = json.putArray("hashes");
        Arrays.stream(family.hashes()).forEach(hashes::add);
        ArrayNode validUntil = json.putArray("validUntil");
        Arrays.stream(family.validUntil()).forEach(validUntil::add);
        return new StoredRow(
                key,
                family.tenant(),
                family.subject(),
                family.version(),
                Instant.ofEpochMilli(family.expiresAt()),
                null,
                json.toString());
    }

    @Override
    public RefreshFamily decode(StoredRow row) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(row.json());
        } catch (JsonProcessingException e) {
            throw StategridException.invalid(
                    "stored refresh family %s is not valid JSON: %s", row.key(), e.getOriginalMessage());
        }
        if (!json.path("hashes").isArray()
                || json.path("hashes").size() != json.path("validUntil").size()) {
            throw StategridException.invalid(
                    "stored refresh family %s is not valid: hashes and validUntil must be arrays of one length",
                    row.key());
        }
        return new RefreshFamily(
                json.path("familyId").asText(row.key()),
                json.path("sessionId").asText(),
                json.path("tenant").asText(row.tenant()),
                json.path("subject").asText(row.subject()),
                JsonArrays.texts(json.path("roles")),
                JsonArrays.texts(json.path("hashes")),
                JsonArrays.longs(json.path("validUntil")),
                json.path("revoked").asBoolean(),
                json.path("expiresAt").asLong(),
                json.path("version").asLong());
    }
}
