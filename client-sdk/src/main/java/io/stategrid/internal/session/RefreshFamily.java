package io.stategrid.internal.session;

import java.io.Serializable;

/**
 * One login's chain of refresh tokens (RFC 9700 §4.14): the hashes still accepted, each with the time
 * it stops being accepted ({@link Long#MAX_VALUE} for the newest), and whether the family was revoked.
 * Tokens themselves are never stored, only their SHA-256. {@code version} grows with every change, so a
 * replayed older state can never bring back a spent token in PostgreSQL. Not public API.
 */
public record RefreshFamily(
        String familyId,
        String sessionId,
        String tenant,
        String subject,
        String[] roles,
        String[] hashes,
        long[] validUntil,
        boolean revoked,
        long expiresAt,
        long version)
        implements Serializable {}
