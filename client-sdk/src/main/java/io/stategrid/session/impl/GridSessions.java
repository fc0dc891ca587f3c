package io.stategrid.session.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Json;
import io.stategrid.internal.Names;
import io.stategrid.internal.Stages;
import io.stategrid.internal.lock.Fencing;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.internal.session.SessionIds;
import io.stategrid.internal.session.SessionMaps;
import io.stategrid.internal.session.SessionRecord;
import io.stategrid.internal.session.SessionService;
import io.stategrid.lock.Fence;
import io.stategrid.lock.Locks;
import io.stategrid.session.AttributeOp;
import io.stategrid.session.NewSession;
import io.stategrid.session.Session;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Sessions over two maps: {@value SessionMaps#SESSIONS} (id to session, persisted) and {@value SessionMaps#INDEX} (user to
 * session ids, rebuilt from PostgreSQL after a restart). Every change is an entry processor. The index
 * is written before a session appears and pruned after it disappears, so it may briefly name a session
 * that is gone, never miss one that exists; reads filter and prune such ids.
 */
final class GridSessions implements SessionService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IMap<String, SessionRecord> sessions;
    private final IMap<String, SessionIds> index;
    private final LongSupplier clock;
    private final RevocationPublisher revocations;

    private final Fencing fencing;
    /** The families {@link #createWithTokens} starts. */
    private final RefreshTokens refreshTokens;

    /** {@code locks} checks the leases that guarded updates name. */
    GridSessions(HazelcastInstance hazelcast, Locks locks) {
        this.fencing = new Fencing(locks);
        this.refreshTokens = new GridRefreshTokens(hazelcast, this);
        this.sessions = hazelcast.getMap(SessionMaps.SESSIONS);
        this.index = hazelcast.getMap(SessionMaps.INDEX);
        this.clock = System::currentTimeMillis;
        this.revocations = new RevocationPublisher(hazelcast);
    }

    /** 128 random bits, URL-safe, 22 characters. */
    static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public CompletionStage<Session> create(NewSession request) {
        long now = clock.getAsLong();
        String attributes = Json.write(request.attributes());
        if (attributes.length() > UpdateSession.MAX_ATTRIBUTES_BYTES) {
            return failed(StategridException.of(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "attributes take %d bytes; the limit is %d",
                    attributes.length(),
                    UpdateSession.MAX_ATTRIBUTES_BYTES));
        }
        SessionRecord record = new SessionRecord(
                newId(),
                request.tenant(),
                request.subject(),
                attributes,
                now,
                now,
                request.idleTimeout().toMillis(),
                request.maxLifetime().toMillis(),
                1,
                0);
        return translated(createRecord(record, true).thenApply(SessionRecord::toSession));
    }

    @Override
    public CompletionStage<Created> createWithTokens(NewSession request, List<String> roles) {
        List<String> granted = List.copyOf(roles);
        return create(request).thenComposeAsync(session -> startFamily(session, granted), Stages.CHAIN);
    }

    /** The session's refresh family; if it cannot be written, the session goes again before the failure is reported. */
    private CompletionStage<Created> startFamily(Session session, List<String> roles) {
        long endsAt = session.createdAt().plus(session.maxLifetime()).toEpochMilli();
        CompletionStage<RefreshTokens.Issued> family;
        try {
            family = refreshTokens.issue(session.id(), session.tenant(), session.subject(), roles, endsAt);
        } catch (RuntimeException e) {
            family = failed(e);
        }
        CompletableFuture<Created> result = new CompletableFuture<>();
        family.whenComplete((issued, failure) -> {
            if (failure == null) {
                result.complete(new Created(session, issued));
                return;
            }
            StategridException error = StategridException.from(failure);
            destroy(session.tenant(), session.id()).whenComplete((ended, undoFailure) -> {
                if (undoFailure != null) {
                    error.addSuppressed(undoFailure);
                }
                result.completeExceptionally(error);
            });
        });
        return result;
    }

    private CompletionStage<SessionRecord> createRecord(SessionRecord record, boolean fresh) {
        String key = SessionIds.key(record.tenant(), record.subject());
        return Stages.plain(index.submitToKey(key, IndexUpdate.add(record.tenant(), record.subject(), record.id())))
                .thenComposeAsync(
                        ids -> Stages.plain(sessions.submitToKey(record.id(), new CreateSession(record, fresh))),
                        Stages.CHAIN)
                .thenComposeAsync(
                        created -> created != null
                                ? CompletableFuture.completedFuture(created)
                                : createRecord(
                                        new SessionRecord(
                                                newId(),
                                                record.tenant(),
                                                record.subject(),
                                                record.attributes(),
                                                record.createdAt(),
                                                record.lastAccessedAt(),
                                                record.idleTimeoutMillis(),
                                                record.maxLifetimeMillis(),
                                                record.version(),
                                                0),
                                        fresh),
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<Optional<Session>> get(String tenant, String id) {
        return translated(guard(tenant, id)
                .thenComposeAsync(
                        ok -> Stages.plain(sessions.submitToKey(id, new ReadSession(tenant, true))), Stages.CHAIN)
                .thenApply(record -> Optional.ofNullable(record).map(SessionRecord::toSession)));
    }

    @Override
    public CompletionStage<Optional<Session>> peek(String tenant, String id) {
        return translated(guard(tenant, id)
                .thenComposeAsync(
                        ok -> Stages.plain(sessions.submitToKey(id, new ReadSession(tenant, false))), Stages.CHAIN)
                .thenApply(record -> Optional.ofNullable(record).map(SessionRecord::toSession)));
    }

    @Override
    public CompletionStage<Session> update(
            String tenant, String id, List<AttributeOp> ops, OptionalLong expectedVersion) {
        return update(tenant, id, ops, expectedVersion, null);
    }

    @Override
    public CompletionStage<Session> update(
            String tenant, String id, List<AttributeOp> ops, OptionalLong expectedVersion, Fence fence) {
        if (ops == null || ops.isEmpty() || ops.size() > 100) {
            return failed(StategridException.invalid(
                    "an update needs 1-100 attribute operations, got %d", ops == null ? 0 : ops.size()));
        }
        for (AttributeOp op : ops) {
            Json.write(op.value());
        }
        long token = fence == null ? 0 : fence.token().value();
        return translated(guard(tenant, id)
                .thenComposeAsync(
                        ok -> fencing.guarded(
                                fence,
                                () -> Stages.plain(sessions.submitToKey(
                                        id, new UpdateSession(tenant, ops, expectedVersion.orElse(-1), token)))),
                        Stages.CHAIN)
                .thenApply(outcome -> {
                    if (outcome.error() != null) {
                        throw StategridException.of(outcome.error(), "%s", outcome.message());
                    }
                    return outcome.session().toSession();
                }));
    }

    @Override
    public CompletionStage<Boolean> destroy(String tenant, String id) {
        return translated(guard(tenant, id)
                .thenComposeAsync(
                        ok -> Stages.plain(sessions.submitToKey(id, new DestroySession(tenant, -1))), Stages.CHAIN)
                .thenComposeAsync(
                        record -> {
                            if (record == null) {
                                return CompletableFuture.completedFuture(false);
                            }
                            revocations.publish(List.of(id));
                            return Stages.plain(index.submitToKey(
                                            SessionIds.key(tenant, record.subject()),
                                            IndexUpdate.remove(tenant, record.subject(), Set.of(id))))
                                    .thenApply(ids -> true);
                        },
                        Stages.CHAIN));
    }

    @Override
    public CompletionStage<Session> rotate(String tenant, String id) {
        return translated(guard(tenant, id)
                .thenComposeAsync(
                        ok -> Stages.plain(sessions.submitToKey(id, new ReadSession(tenant, false))), Stages.CHAIN)
                .thenComposeAsync(
                        old -> {
                            if (old == null) {
                                throw StategridException.of(ErrorCode.NOT_FOUND, "no such session");
                            }
                            return createRecord(old.withId(newId(), old.lastAccessedAt()), false)
                                    .thenComposeAsync(moved -> retireOld(tenant, old, moved));
                        },
                        Stages.CHAIN)
                .thenApply(SessionRecord::toSession));
    }

    /** The new id exists; the old one goes, unless it changed meanwhile (then the new one is undone). */
    private CompletionStage<SessionRecord> retireOld(String tenant, SessionRecord old, SessionRecord moved) {
        return Stages.plain(sessions.submitToKey(old.id(), new DestroySession(tenant, old.version())))
                .thenComposeAsync(
                        destroyed -> {
                            if (destroyed == null) {
                                return destroy(tenant, moved.id()).thenApply(undone -> {
                                    throw StategridException.of(
                                            ErrorCode.VERSION_CONFLICT, "session changed while it was rotated; retry");
                                });
                            }
                            revocations.publish(List.of(old.id()));
                            return Stages.plain(index.submitToKey(
                                            SessionIds.key(tenant, old.subject()),
                                            IndexUpdate.remove(tenant, old.subject(), Set.of(old.id()))))
                                    .thenApply(ids -> moved);
                        },
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<List<Session>> listByUser(String tenant, String subject) {
        return translated(requireUser(tenant, subject)
                .thenComposeAsync(
                        ok -> Stages.plain(index.submitToKey(
                                SessionIds.key(tenant, subject), IndexUpdate.remove(tenant, subject, Set.of()))),
                        Stages.CHAIN)
                .thenComposeAsync(
                        ids -> ids.length == 0
                                ? CompletableFuture.completedFuture(Map.<String, SessionRecord>of())
                                : Stages.plain(sessions.submitToKeys(Set.of(ids), new ReadSession(tenant, false))),
                        Stages.CHAIN)
                .thenComposeAsync(
                        found -> pruneMissing(tenant, subject, found).thenApply(ignored -> {
                            List<Session> live = new ArrayList<>();
                            found.values().stream()
                                    .filter(Objects::nonNull)
                                    .sorted(Comparator.comparingLong(SessionRecord::createdAt))
                                    .forEach(record -> live.add(record.toSession()));
                            return live;
                        }),
                        Stages.CHAIN));
    }

    @Override
    public CompletionStage<Integer> revokeAll(String tenant, String subject) {
        return translated(requireUser(tenant, subject)
                .thenComposeAsync(
                        ok -> Stages.plain(index.submitToKey(
                                SessionIds.key(tenant, subject), IndexUpdate.takeAll(tenant, subject))),
                        Stages.CHAIN)
                .thenComposeAsync(
                        ids -> ids.length == 0
                                ? CompletableFuture.completedFuture(Map.<String, SessionRecord>of())
                                : Stages.plain(sessions.submitToKeys(Set.of(ids), new DestroySession(tenant, -1))),
                        Stages.CHAIN)
                .thenApply(destroyed -> {
                    List<String> ended = new ArrayList<>();
                    destroyed.forEach((id, record) -> {
                        if (record != null) {
                            ended.add(id);
                        }
                    });
                    revocations.publish(ended);
                    return ended.size();
                }));
    }

    /** Drops index ids whose session is gone (expired, destroyed by a crash-interrupted operation). */
    private CompletionStage<Void> pruneMissing(String tenant, String subject, Map<String, SessionRecord> found) {
        Set<String> missing = new HashSet<>();
        found.forEach((id, record) -> {
            if (record == null) {
                missing.add(id);
            }
        });
        if (missing.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return Stages.plain(index.submitToKey(
                        SessionIds.key(tenant, subject), IndexUpdate.remove(tenant, subject, missing)))
                .thenApply(ids -> null);
    }

    private static CompletionStage<Void> guard(String tenant, String id) {
        return checked(() -> {
            Names.requireTenant(tenant);
            Names.requireSessionId(id);
        });
    }

    private static CompletionStage<Void> requireUser(String tenant, String subject) {
        return checked(() -> {
            Names.requireTenant(tenant);
            Names.requireSubject(subject);
        });
    }

    /** Boundary checks as a stage, so a bad argument fails the returned stage rather than throwing. */
    private static CompletionStage<Void> checked(Runnable checks) {
        try {
            checks.run();
            return CompletableFuture.completedFuture(null);
        } catch (StategridException e) {
            return failed(e);
        }
    }

    /** Whatever failed underneath reaches the caller as a StategridException. */
    private static <T> CompletionStage<T> translated(CompletionStage<T> stage) {
        return stage.handle((value, failure) -> {
            if (failure != null) {
                throw StategridException.from(failure);
            }
            return value;
        });
    }

    private static <T> CompletionStage<T> failed(Throwable failure) {
        return CompletableFuture.failedFuture(failure);
    }
}
