package io.stategrid.edge.session;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.ErrorResponses;
import io.stategrid.edge.http.GridFutures;
import io.stategrid.edge.http.JwtVerifier;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.Routes;
import io.stategrid.internal.lock.Fencing;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.internal.session.SessionService;
import io.stategrid.lock.Fence;
import io.stategrid.lock.Locks;
import io.stategrid.node.config.NodeOptions;
import io.stategrid.session.AttributeOp;
import io.stategrid.session.NewSession;
import io.stategrid.session.Session;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /v1/sessions} and {@code /v1/users/{subject}/sessions}. A caller works in its own tenant;
 * another user's session is reachable only with the {@code admin} role (or {@code sessions:issue} to
 * create one), and otherwise looks like it does not exist.
 */
public final class SessionRoutes {
    static final String ISSUER_ROLE = "sessions:issue";

    private final SessionService sessions;
    private final TokenService tokens;

    private final Fencing fencing;

    /**
     * @param signer        signs the access tokens
     * @param refreshTokens the sessions' refresh-token families
     */
    public SessionRoutes(
            SessionService sessions,
            JwtVerifier signer,
            RefreshTokens refreshTokens,
            NodeOptions.Jwt jwt,
            Locks locks) {
        this.sessions = sessions;
        this.tokens = new TokenService(signer, refreshTokens, jwt);
        this.fencing = new Fencing(locks);
    }

    public void mount(Router router) {
        router.post("/v1/sessions").handler(this::create);
        router.get("/v1/sessions/:id").handler(this::get);
        router.patch("/v1/sessions/:id").handler(this::update);
        router.delete("/v1/sessions/:id").handler(this::destroy);
        router.post("/v1/sessions/:id/rotate").handler(this::rotate);
        router.get("/v1/users/:subject/sessions").handler(this::list);
        router.delete("/v1/users/:subject/sessions").handler(this::revokeAll);
    }

    private void create(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx);
        JsonObject body = Routes.jsonBody(ctx);
        String subject = body.getString("subject", caller.subject());
        if (!subject.equals(caller.subject()) && !caller.isAdmin() && !caller.hasRole(ISSUER_ROLE)) {
            throw StategridException.of(
                    ErrorCode.FORBIDDEN,
                    "creating a session for another subject needs the admin or %s role",
                    ISSUER_ROLE);
        }
        NewSession.Builder request = NewSession.builder(caller.tenant(), subject);
        JsonObject attributes = body.getJsonObject("attributes");
        if (attributes != null) {
            request.attributes(attributes.getMap());
        }
        seconds(body, "idleTimeoutSeconds").ifPresent(request::idleTimeout);
        seconds(body, "maxLifetimeSeconds").ifPresent(request::maxLifetime);
        Set<String> roles = roles(caller, subject, body);
        GridFutures.onContext(
                        sessions.createWithTokens(request.build(), List.copyOf(roles))
                                .thenApply(created -> json(created.session())
                                        .mergeIn(tokens.pair(created.session(), roles, created.refresh()))),
                        ctx.vertx().getOrCreateContext())
                .onSuccess(reply -> {
                    ctx.response()
                            .putHeader(HttpHeaders.LOCATION, "/v1/sessions/" + reply.getString("id"))
                            .putHeader(HttpHeaders.ETAG, "\"" + reply.getLong("version") + "\"")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                    Routes.json(ctx, 201, reply);
                })
                .onFailure(ctx::fail);
    }

    /** {@code POST /v1/tokens/refresh {refreshToken}}: the next access and refresh token, while the session lives. */
    public void refresh(RoutingContext ctx) {
        JsonObject body = Routes.jsonBody(ctx);
        Object token = body.getValue("refreshToken");
        if (!(token instanceof String refreshToken)) {
            throw StategridException.invalid("the body needs \"refreshToken\"");
        }
        GridFutures.onContext(
                        tokens.refresh(refreshToken)
                                .thenCompose(issued -> sessions.peek(
                                                issued.family().tenant(),
                                                issued.family().sessionId())
                                        .thenApply(live -> {
                                            if (live.isEmpty()) {
                                                throw StategridException.of(
                                                        ErrorCode.UNAUTHORIZED, "the session has ended");
                                            }
                                            var family = issued.family();
                                            return tokens.pair(
                                                    family.sessionId(),
                                                    family.tenant(),
                                                    family.subject(),
                                                    Set.of(family.roles()),
                                                    issued.token());
                                        })),
                        ctx.vertx().getOrCreateContext())
                .onSuccess(pair -> {
                    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                    Routes.json(ctx, 200, pair);
                })
                .onFailure(ctx::fail);
    }

    /**
     * Roles the session's access tokens carry: the caller's own for its own session; for another
     * subject, those an admin or issuer asked for, never admin or issuing rights unless an admin asked.
     */
    private static Set<String> roles(Principal caller, String subject, JsonObject body) {
        Object requested = body.getValue("roles");
        if (requested == null) {
            return subject.equals(caller.subject()) ? caller.roles() : Set.of();
        }
        if (!(requested instanceof JsonArray array) || array.stream().anyMatch(r -> !(r instanceof String))) {
            throw StategridException.invalid("roles must be a list of strings");
        }
        Set<String> roles = new TreeSet<>();
        array.forEach(r -> roles.add((String) r));
        if (!caller.isAdmin()
                && (roles.contains(Principal.ADMIN_ROLE)
                        || roles.contains(ISSUER_ROLE)
                        || (subject.equals(caller.subject()) && !caller.roles().containsAll(roles)))) {
            throw StategridException.of(ErrorCode.FORBIDDEN, "only an admin may grant these roles: %s", roles);
        }
        return roles;
    }

    private void get(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx);
        String id = ctx.pathParam("id");
        Routes.reply(ctx, sessions.get(caller.tenant(), id), found -> send(ctx, 200, visible(caller, found, id)));
    }

    private void update(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx);
        String id = ctx.pathParam("id");
        List<AttributeOp> ops = ops(Routes.jsonBody(ctx));
        OptionalLong expected = Routes.ifMatch(ctx);
        Fence token = Routes.tokenOnly(ctx);
        owned(ctx, caller, id)
                .compose(owned -> GridFutures.onContext(
                        Routes.guarded(
                                ctx, fencing, caller, () -> sessions.update(caller.tenant(), id, ops, expected, token)),
                        ctx.vertx().getOrCreateContext()))
                .onSuccess(session -> send(ctx, 200, session))
                .onFailure(failure -> {
                    StategridException error = StategridException.from(failure);
                    if (error.code() != ErrorCode.VERSION_CONFLICT) {
                        ctx.fail(error);
                        return;
                    }
                    // RFC 9110: 412 with the current representation, so the client can merge and retry.
                    Routes.reply(
                            ctx,
                            sessions.peek(caller.tenant(), id),
                            current -> current.ifPresentOrElse(
                                    s -> ctx.response()
                                            .setStatusCode(412)
                                            .putHeader(HttpHeaders.ETAG, etag(s))
                                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                            .end(ErrorResponses.body(ErrorCode.VERSION_CONFLICT, error.description())
                                                    .put("current", json(s))
                                                    .encode()),
                                    () -> ctx.fail(StategridException.of(ErrorCode.NOT_FOUND, "no such session"))));
                });
    }

    private void destroy(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx);
        String id = ctx.pathParam("id");
        owned(ctx, caller, id)
                .compose(owned -> GridFutures.onContext(
                        sessions.destroy(caller.tenant(), id), ctx.vertx().getOrCreateContext()))
                .onSuccess(ended -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void rotate(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx);
        String id = ctx.pathParam("id");
        owned(ctx, caller, id)
                .compose(owned -> GridFutures.onContext(
                        sessions.rotate(caller.tenant(), id), ctx.vertx().getOrCreateContext()))
                .onSuccess(session -> send(ctx, 200, session))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx);
        String subject = subjectAllowed(caller, ctx.pathParam("subject"));
        Routes.reply(ctx, sessions.listByUser(caller.tenant(), subject), found -> {
            JsonArray items = new JsonArray();
            found.forEach(s -> items.add(json(s)));
            Routes.json(ctx, 200, new JsonObject().put("items", items));
        });
    }

    private void revokeAll(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx);
        String subject = subjectAllowed(caller, ctx.pathParam("subject"));
        Routes.reply(
                ctx,
                sessions.revokeAll(caller.tenant(), subject),
                count -> Routes.json(ctx, 200, new JsonObject().put("revoked", count)));
    }

    /** Succeeds if the session exists in the caller's tenant and the caller may act on it. */
    private Future<Session> owned(RoutingContext ctx, Principal caller, String id) {
        return GridFutures.onContext(
                        sessions.peek(caller.tenant(), id), ctx.vertx().getOrCreateContext())
                .map(found -> visible(caller, found, id));
    }

    private static Session visible(Principal caller, Optional<Session> found, String id) {
        return found.filter(s -> caller.isAdmin() || s.subject().equals(caller.subject()))
                .orElseThrow(() -> StategridException.of(ErrorCode.NOT_FOUND, "no session %s", id));
    }

    private static String subjectAllowed(Principal caller, String subject) {
        if (!subject.equals(caller.subject()) && !caller.isAdmin()) {
            throw StategridException.of(ErrorCode.FORBIDDEN, "only the subject itself or an admin may do this");
        }
        return subject;
    }

    private static Optional<Duration> seconds(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw StategridException.invalid("%s must be a whole number of seconds, got %s", field, value);
        }
        return Optional.of(Duration.ofSeconds(number.longValue()));
    }

    private static List<AttributeOp> ops(JsonObject body) {
        Object raw = body.getValue("ops");
        if (!(raw instanceof JsonArray array)) {
            throw StategridException.invalid("the body needs \"ops\": a list of {op, name, value}");
        }
        List<AttributeOp> ops = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof JsonObject op)) {
                throw StategridException.invalid("each op must be an object, got %s", item);
            }
            String name = op.getValue("name") instanceof String s ? s : null;
            Object value = op.getValue("value");
            ops.add(
                    switch (String.valueOf(op.getValue("op"))) {
                        case "set" ->
                            AttributeOp.set(
                                    name,
                                    value instanceof JsonObject o
                                            ? o.getMap()
                                            : value instanceof JsonArray a ? a.getList() : value);
                        case "remove" -> AttributeOp.remove(name);
                        case "increment" -> {
                            if (!(value instanceof Integer || value instanceof Long)) {
                                throw StategridException.invalid(
                                        "increment of '%s' needs a whole number, got %s", name, value);
                            }
                            yield AttributeOp.increment(name, ((Number) value).longValue());
                        }
                        case "merge" -> {
                            if (!(value instanceof JsonObject object)) {
                                throw StategridException.invalid(
                                        "merge into '%s' needs an object, got %s", name, value);
                            }
                            yield AttributeOp.merge(name, object.getMap());
                        }
                        default ->
                            throw StategridException.invalid(
                                    "op must be set, remove, increment or merge, got %s", op.getValue("op"));
                    });
        }
        return ops;
    }

    private static String etag(Session session) {
        return "\"" + session.version() + "\"";
    }

    private static void send(RoutingContext ctx, int status, Session session) {
        ctx.response().putHeader(HttpHeaders.ETAG, etag(session));
        Routes.json(ctx, status, json(session));
    }

    static JsonObject json(Session s) {
        return new JsonObject()
                .put("id", s.id())
                .put("tenant", s.tenant())
                .put("subject", s.subject())
                .put("attributes", new JsonObject(new LinkedHashMap<>(s.attributes())))
                .put("version", s.version())
                .put("createdAt", s.createdAt().toString())
                .put("lastAccessedAt", s.lastAccessedAt().toString())
                .put("expiresAt", s.expiresAt().toString())
                .put("idleTimeoutSeconds", s.idleTimeout().toSeconds())
                .put("maxLifetimeSeconds", s.maxLifetime().toSeconds());
    }
}
