package io.stategrid.session.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Stages;
import io.stategrid.internal.session.RefreshFamily;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.internal.session.SessionMaps;
import io.stategrid.session.Sessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link RefreshTokens} over the {@value SessionMaps#FAMILIES} map, one entry processor per use. */
final class GridRefreshTokens implements RefreshTokens {
    private static final Pattern TOKEN = Pattern.compile("^rt1\\.([A-Za-z0-9_\\-]{22})\\.([A-Za-z0-9_\\-]{43})$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IMap<String, RefreshFamily> families;
    private final Sessions sessions;

    GridRefreshTokens(HazelcastInstance hazelcast, Sessions sessions) {
        this.families = hazelcast.getMap(SessionMaps.FAMILIES);
        this.sessions = sessions;
    }

    @Override
    public CompletionStage<Issued> issue(
            String sessionId, String tenant, String subject, List<String> roles, long sessionEndsAt) {
        String familyId = random(16);
        String secret = random(32);
        RefreshFamily family = new RefreshFamily(
                familyId,
                sessionId,
                tenant,
                subject,
                roles.toArray(String[]::new),
                new String[] {hash(secret)},
                new long[] {Long.MAX_VALUE},
                false,
                sessionEndsAt,
                1);
        long ttl = Math.max(1, sessionEndsAt - System.currentTimeMillis());
        return Stages.plain(families.setAsync(familyId, family, ttl, TimeUnit.MILLISECONDS))
                .thenApply(done -> new Issued("rt1." + familyId + "." + secret, family));
    }

    @Override
    public CompletionStage<Issued> refresh(String token, long graceMillis) {
        Matcher matcher = token == null ? null : TOKEN.matcher(token);
        if (matcher == null || !matcher.matches()) {
            return CompletableFuture.failedFuture(
                    StategridException.of(ErrorCode.UNAUTHORIZED, "malformed refresh token"));
        }
        String familyId = matcher.group(1);
        String next = random(32);
        return Stages.plain(families.submitToKey(
                        familyId, new UseRefreshToken(hash(matcher.group(2)), hash(next), graceMillis)))
                .thenComposeAsync(
                        result -> switch (result.status()) {
                            case OK ->
                                CompletableFuture.completedFuture(
                                        new Issued("rt1." + familyId + "." + next, result.family()));
                            case REUSED ->
                                sessions.destroy(
                                                result.family().tenant(),
                                                result.family().sessionId())
                                        .thenApply(ended -> {
                                            throw StategridException.of(
                                                    ErrorCode.UNAUTHORIZED,
                                                    "refresh token reused: its family and session are revoked");
                                        });
                            case REVOKED ->
                                CompletableFuture.failedFuture(
                                        StategridException.of(ErrorCode.UNAUTHORIZED, "refresh token revoked"));
                            case EXPIRED, UNKNOWN ->
                                CompletableFuture.failedFuture(StategridException.of(
                                        ErrorCode.UNAUTHORIZED, "unknown or expired refresh token"));
                        },
                        Stages.CHAIN);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
