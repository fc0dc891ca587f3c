package io.stategrid.persistence.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.stategrid.StategridException;
import io.stategrid.internal.Json;
import io.stategrid.internal.session.RefreshFamily;
import java.time.Instant;

/** Refresh-token families in {@code grid_entries}: hashes only, versioned, expiring with their session. */
public final class RefreshFamilyCodec implements EntryCodec<RefreshFamily> {
    public static final RefreshFamilyCodec INSTANCE = new RefreshFamilyCodec();

    private RefreshFamilyCodec() {}

    @Override
    public StoredRow encode(String key, RefreshFamily family) {
        try {
            return new StoredRow(
                    key,
                    family.tenant(),
                    family.subject(),
                    family.version(),
                    Instant.ofEpochMilli(family.expiresAt()),
                    null,
                    Json.MAPPER.writeValueAsString(family));
        } catch (JsonProcessingException e) {
            throw StategridException.invalid(
                    "refresh family %s cannot be written as JSON: %s", key, e.getOriginalMessage());
        }
    }

    @Override
    public RefreshFamily decode(StoredRow row) {
        try {
            return Json.MAPPER.readValue(row.json(), RefreshFamily.class);
        } catch (JsonProcessingException e) {
            throw StategridException.invalid(
                    "stored refresh family %s is not valid: %s", row.key(), e.getOriginalMessage());
        }
    }
}
