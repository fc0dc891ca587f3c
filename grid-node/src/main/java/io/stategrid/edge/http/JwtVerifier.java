package io.stategrid.edge.http;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Names;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies bearer tokens: signature with the algorithm pinned to each configured key (HS256 for the
 * secret, RS/ES for public keys; {@code none} never), then {@code iss}, {@code aud}, {@code exp}
 * (required), {@code nbf} and {@code iat} with the configured leeway, then the claims Stategrid uses.
 */
public final class JwtVerifier {
    /** Tokens remembered as verified; past this many the memory starts over (a client reuses its token). */
    static final int MAX_REMEMBERED = 10_000;

    /** A token that passed every check, and until when (its exp plus the leeway) it stays valid. */
    private record Verified(Principal principal, long validUntilMillis) {}

    /**
     * Verified tokens by their exact text: a client sends the same token with every request, and checking
     * its signature and parsing its JSON again costs more than the rest of a cached read at the edge.
     * Only the time checks are redone; revocation is checked by the caller on every request.
     */
    private final Map<String, Verified> remembered = new ConcurrentHashMap<>();

    private final JWTAuth auth;
    private final NodeOptions.Jwt options;
    private final boolean canIssue;
    private final String signingKid;

    /**
     * @param secret the effective HS256 secret (the configured one, or the generated dev secret); may be empty
     */
    public JwtVerifier(Vertx vertx, NodeOptions.Jwt options, String secret) {
        this.options = options;
        JWTAuthOptions authOptions = new JWTAuthOptions()
                .setJWTOptions(new JWTOptions()
                        .setIssuer(options.issuer())
                        .setAudience(List.of(options.audience()))
                        .setLeeway(options.leewaySeconds()));
        if (!secret.isEmpty()) {
            authOptions.addPubSecKey(new PubSecKeyOptions()
                    .setAlgorithm("HS256")
                    .setId(kid(secret))
                    .setBuffer(secret));
        }
        for (String old : options.previousSecrets()) {
            authOptions.addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("HS256").setId(kid(old)).setBuffer(old));
        }
        for (NodeOptions.PublicKey key : options.publicKeys()) {
            authOptions.addPubSecKey(new PubSecKeyOptions()
                    .setAlgorithm(key.algorithm())
                    .setId(key.kid())
                    .setBuffer(key.pem()));
        }
        if (authOptions.getPubSecKeys() == null || authOptions.getPubSecKeys().isEmpty()) {
            throw StategridException.invalid("jwt: no verification key: set jwt.secret or jwt.publicKeys");
        }
        this.auth = JWTAuth.create(vertx, authOptions);
        this.canIssue = !secret.isEmpty();
        this.signingKid = secret.isEmpty() ? null : kid(secret);
    }

    /** A stable key id for an HS256 secret that reveals nothing about it: tokens name the key they need. */
    static String kid(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("stategrid-kid:" + secret).getBytes(StandardCharsets.UTF_8));
            return "hs-"
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Verifies {@code token}; fails with {@link ErrorCode#UNAUTHORIZED} saying why. */
    public Future<Principal> verify(String token) {
        Verified known = remembered.get(token);
        if (known != null) {
            if (System.currentTimeMillis() < known.validUntilMillis()) {
                return Future.succeededFuture(known.principal());
            }
            remembered.remove(token);
        }
        Future<User> user;
        try {
            user = auth.authenticate(new TokenCredentials(token));
        } catch (RuntimeException e) {
            user = Future.failedFuture(e);
        }
        return user.transform(result -> {
            if (result.failed()) {
                return Future.failedFuture(unauthorized("invalid token: " + reason(result.cause())));
            }
            try {
                // Vert.x keeps the decoded payload, exp/nbf/iat included, under attributes.accessToken.
                JsonObject claims = result.result().attributes().getJsonObject("accessToken");
                Principal principal = principal(claims == null ? new JsonObject() : claims);
                remember(token, principal);
                return Future.succeededFuture(principal);
            } catch (StategridException e) {
                return Future.failedFuture(e);
            }
        });
    }

    private void remember(String token, Principal principal) {
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        long exp = ((Number) principal.claims().getValue("exp")).longValue();
        long until = exp >= Long.MAX_VALUE / 1000 - options.leewaySeconds()
                ? Long.MAX_VALUE
                : (exp + options.leewaySeconds()) * 1000L;
        remembered.put(token, new Verified(principal, until));
    }

    /** Signs an HS256 token for {@code subject}; only with a secret (dev mode prints one at start). */
    public String issue(String subject, String tenant, Set<String> roles, Duration ttl) {
        return issue(subject, tenant, roles, ttl, new JsonObject());
    }

    /** As {@link #issue(String, String, Set, Duration)}, with more claims (a session's {@code sid}). */
    public String issue(String subject, String tenant, Set<String> roles, Duration ttl, JsonObject extraClaims) {
        if (!canIssue) {
            throw StategridException.of(ErrorCode.INVALID_ARGUMENT, "no HS256 secret configured: cannot issue tokens");
        }
        JsonObject claims = extraClaims
                .copy()
                .put("sub", subject)
                .put("tenant", tenant)
                .put("roles", new JsonArray(List.copyOf(roles)));
        return auth.generateToken(
                claims,
                new JWTOptions()
                        .setAlgorithm("HS256")
                        .setIssuer(options.issuer())
                        .setAudience(List.of(options.audience()))
                        .setExpiresInSeconds((int) ttl.toSeconds())
                        .setHeader(new JsonObject().put("kid", signingKid)));
    }

    private static Principal principal(JsonObject claims) {
        if (!(claims.getValue("exp") instanceof Number)) {
            throw unauthorized("invalid token: the exp claim is required");
        }
        Object sub = claims.getValue("sub");
        if (!(sub instanceof String subject) || subject.isBlank()) {
            throw unauthorized("invalid token: the sub claim is required");
        }
        Object tenantClaim = claims.getValue("tenant", Principal.DEFAULT_TENANT);
        if (!(tenantClaim instanceof String tenant) || !Names.isTenant(tenant)) {
            throw unauthorized("invalid token: tenant must be 1-64 characters of [A-Za-z0-9._-]");
        }
        return new Principal(subject, tenant, roles(claims.getValue("roles")), claims);
    }

    private static Set<String> roles(Object claim) {
        Set<String> roles = new HashSet<>();
        if (claim instanceof JsonArray array) {
            for (Object role : array) {
                if (role instanceof String name) {
                    roles.add(name);
                }
            }
        } else if (claim instanceof String spaced) {
            for (String role : spaced.trim().split("\\s+")) {
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            }
        } else if (claim != null) {
            throw unauthorized("invalid token: roles must be a list of strings");
        }
        return roles;
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        if (message == null) {
            return failure.getClass().getSimpleName();
        }
        // Vert.x says "Invalid JWT token: token expired."; keep it short and stable.
        return message.replace("Invalid JWT token: ", "").replaceAll("\\.$", "");
    }

    private static StategridException unauthorized(String message) {
        return StategridException.of(ErrorCode.UNAUTHORIZED, message);
    }
}
