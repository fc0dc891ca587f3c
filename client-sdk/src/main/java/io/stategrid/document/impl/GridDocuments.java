package io.stategrid.document.impl;

import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Ack;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Edit;
import io.stategrid.document.PatchFormat;
import io.stategrid.document.TextDocument;
import io.stategrid.internal.Arguments;
import io.stategrid.internal.Names;
import io.stategrid.internal.OrderedDelivery;
import io.stategrid.internal.OwnerFeed;
import io.stategrid.internal.Stages;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.internal.document.DocumentRecord;
import io.stategrid.internal.document.DocumentService;
import io.stategrid.internal.lock.Fencing;
import io.stategrid.lock.Fence;
import io.stategrid.lock.Locks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Documents over the {@value DocumentMaps#MAP} map (key {@code tenant/id}, OBJECT in-memory format), one entry
 * processor per call; history older than the grid holds comes from PostgreSQL through a task on the
 * document's owner.
 */
final class GridDocuments implements DocumentService {
    static final String EXECUTOR = "stategrid-history";
    private static final int MAX_PAGE = DocumentMaps.MAX_PAGE;
    private static final int RETRIES = 10;
    private static final long RETRY_DELAY_MILLIS = 200;

    private final HazelcastInstance hazelcast;
    private final Fencing fencing;
    private final IMap<String, DocumentRecord> map;
    private final Map<String, List<OrderedDelivery<DocumentOp>>> listeners = new ConcurrentHashMap<>();
    private volatile UUID registration;

    /** {@code locks} checks the leases that guarded writes name. */
    GridDocuments(HazelcastInstance hazelcast, Locks locks) {
        this.hazelcast = hazelcast;
        this.fencing = new Fencing(locks);
        this.map = hazelcast.getMap(DocumentMaps.MAP);
    }

    private static String key(String tenant, String id) {
        return DocumentMaps.key(tenant, id);
    }

    @Override
    public CompletionStage<Document> create(String tenant, String id, DocumentType type, String content, Edit edit) {
        return write(tenant, id, WriteDocument.Mode.CREATE, type, content, edit);
    }

    @Override
    public CompletionStage<Document> put(String tenant, String id, DocumentType type, String content, Edit edit) {
        return write(tenant, id, WriteDocument.Mode.PUT, type, content, edit);
    }

    private CompletionStage<Document> write(
            String tenant, String id, WriteDocument.Mode mode, DocumentType type, String content, Edit edit) {
        return changed(tenant, id, () -> {
            Arguments.present(type, "type");
            Arguments.present(content, "content");
            Arguments.present(edit, "edit");
            return new WriteDocument(tenant, id, mode, type, content, 0, edit);
        });
    }

    @Override
    public CompletionStage<Optional<Document>> get(String tenant, String id) {
        return call(tenant, id, () -> ReadDocument.current(tenant, id))
                .thenApply(outcome -> Optional.ofNullable(outcome.document()));
    }

    @Override
    public CompletionStage<Optional<Document>> get(String tenant, String id, long version) {
        if (version < 1) {
            return CompletableFuture.failedFuture(StategridException.invalid("version must be >= 1, got %d", version));
        }
        return call(tenant, id, () -> ReadDocument.at(tenant, id, version))
                .thenComposeAsync(
                        outcome -> outcome.document() == null && outcome.heldFrom() > 0
                                ? history(tenant, id, HistoryTask.at(tenant, id, version))
                                : CompletableFuture.completedFuture(outcome),
                        Stages.CHAIN)
                .thenApply(outcome -> Optional.ofNullable(outcome.document()));
    }

    @Override
    public CompletionStage<Document> patch(String tenant, String id, PatchFormat format, String patch, Edit edit) {
        return changed(tenant, id, () -> {
            Arguments.present(format, "format");
            Arguments.present(patch, "patch");
            Arguments.present(edit, "edit");
            return new PatchDocument(tenant, id, format, patch, edit);
        });
    }

    @Override
    public CompletionStage<Ack> submit(String tenant, String id, long baseVersion, String op, Edit edit) {
        return call(tenant, id, () -> {
                    if (baseVersion < 1) {
                        throw StategridException.invalid("base version must be >= 1, got %d", baseVersion);
                    }
                    Arguments.present(op, "op");
                    Arguments.present(edit, "edit");
                    return new SubmitOp(tenant, id, baseVersion, op, edit);
                })
                .thenApply(outcome -> new Ack(outcome.version(), outcome.duplicate(), outcome.op()));
    }

    @Override
    public CompletionStage<List<DocumentOp>> ops(String tenant, String id, long from, long to, int limit) {
        if (from < 1 || to < from || limit < 1 || limit > MAX_PAGE) {
            return CompletableFuture.failedFuture(StategridException.invalid(
                    "need 1 <= from <= to and 1 <= limit <= %d, got from %d, to %d, limit %d",
                    MAX_PAGE, from, to, limit));
        }
        return call(tenant, id, () -> ReadDocument.ops(tenant, id, from, to, limit))
                .thenComposeAsync(
                        held -> {
                            if (from >= held.heldFrom() || held.version() == 0) {
                                return CompletableFuture.completedFuture(List.of(held.ops()));
                            }
                            long olderTo = Math.min(to, held.heldFrom() - 1);
                            return history(tenant, id, HistoryTask.ops(tenant, id, from, olderTo, limit))
                                    .thenApply(older -> {
                                        List<DocumentOp> all = new ArrayList<>(Arrays.asList(older.ops()));
                                        for (DocumentOp op : held.ops()) {
                                            if (all.size() >= limit) {
                                                break;
                                            }
                                            all.add(op);
                                        }
                                        return List.copyOf(all);
                                    });
                        },
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<Document> restore(String tenant, String id, long version, Edit edit) {
        return get(tenant, id, version)
                .thenComposeAsync(
                        old -> {
                            Document past = old.orElseThrow(() -> StategridException.of(
                                    ErrorCode.NOT_FOUND, "document %s did not exist at version %d", id, version));
                            return changed(
                                    tenant,
                                    id,
                                    () -> new WriteDocument(
                                            tenant,
                                            id,
                                            WriteDocument.Mode.RESTORE,
                                            past.type(),
                                            past.content(),
                                            version,
                                            Arguments.present(edit, "edit")));
                        },
                        Stages.CHAIN);
    }

    @Override
    public CompletionStage<Boolean> delete(String tenant, String id, Edit edit) {
        return call(tenant, id, () -> new DeleteDocument(tenant, id, Arguments.present(edit, "edit")))
                .thenApply(outcome -> outcome.duplicate() || outcome.version() > 0);
    }

    @Override
    public AutoCloseable listen(String tenant, String id, Consumer<DocumentOp> listener) {
        return listen(tenant, id, -1, listener);
    }

    @Override
    public AutoCloseable listen(String tenant, String id, long fromVersion, Consumer<DocumentOp> listener) {
        Names.requireTenant(tenant);
        Names.requireDocumentId(id);
        Arguments.present(listener, "listener");
        if (fromVersion == 0 || fromVersion < -1) {
            throw StategridException.invalid("fromVersion must be >= 1, got %d", fromVersion);
        }
        ensureRegistered();
        OrderedDelivery<DocumentOp> entry = new OrderedDelivery<>(
                DocumentOp::version, (from, to) -> ops(tenant, id, from, to, MAX_PAGE), MAX_PAGE, listener);
        if (fromVersion > 0) {
            entry.startAt(fromVersion);
        }
        listeners
                .computeIfAbsent(key(tenant, id), k -> new CopyOnWriteArrayList<>())
                .add(entry);
        if (fromVersion > 0) {
            entry.catchUp();
        }
        return () -> listeners.computeIfPresent(key(tenant, id), (k, list) -> {
            list.remove(entry);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public CompletionStage<TextDocument> openText(String tenant, String id, String clientId, String author) {
        try {
            Names.requireTenant(tenant);
            Names.requireDocumentId(id);
            return GridTextDocument.open(this, tenant, id, clientId, author);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    @Override
    public void prepare() {
        ensureRegistered();
    }

    private synchronized void ensureRegistered() {
        if (registration == null) {
            // Ops are published by the backup member once it applied them. While partitions move (a member
            // joins or leaves) a backup may never run (a dead backup member, or a replica Hazelcast resyncs
            // instead), leaving an applied op unpublished; with no later op to reveal the gap, listeners
            // would wait. Read what the owners hold once partitions have moved.
            hazelcast.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    catchUpAfterMigrations();
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    catchUpAfterMigrations();
                }
            });
            // On a member, its own ops come straight from its publishing thread (OwnerFeed.onLocal): the topic
            // brings those of other members.
            boolean member = !(hazelcast instanceof HazelcastClientProxy);
            if (member) {
                AutoCloseable local =
                        OwnerFeed.onLocal(hazelcast, DocumentFeed.TOPIC, event -> deliver((DocumentFeed.Event) event));
                hazelcast.getLifecycleService().addLifecycleListener(change -> {
                    if (change.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                        try {
                            local.close();
                        } catch (Exception e) {
                            // removes a map entry; nothing to report
                        }
                    }
                });
            }
            ITopic<DocumentFeed.Event> topic = hazelcast.getTopic(DocumentFeed.TOPIC);
            registration = topic.addMessageListener(message -> {
                if (member
                        && message.getPublishingMember() != null
                        && message.getPublishingMember().localMember()) {
                    return;
                }
                deliver(message.getMessageObject());
            });
        }
    }

    private void catchUpAfterMigrations() {
        for (long delay : new long[] {1_000, 5_000, 15_000}) {
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, Stages.CHAIN)
                    .execute(() -> listeners.values().forEach(list -> list.forEach(OrderedDelivery::catchUp)));
        }
    }

    private void deliver(DocumentFeed.Event event) {
        List<OrderedDelivery<DocumentOp>> subscribed = listeners.get(key(event.tenant(), event.id()));
        if (subscribed != null) {
            subscribed.forEach(l -> l.offer(event.op()));
        }
    }

    /** A change: validated, sent, and its outcome turned into the document or a typed failure. */
    private CompletionStage<Document> changed(String tenant, String id, Supplier<DocumentProcessor> processor) {
        return call(tenant, id, processor)
                .thenComposeAsync(
                        outcome -> outcome.duplicate()
                                ? get(tenant, id)
                                        .thenApply(current -> current.orElseThrow(
                                                () -> StategridException.of(ErrorCode.NOT_FOUND, "no document %s", id)))
                                : CompletableFuture.completedFuture(outcome.document()),
                        Stages.CHAIN);
    }

    private CompletionStage<Outcome> call(String tenant, String id, Supplier<DocumentProcessor> processor) {
        try {
            Names.requireTenant(tenant);
            Names.requireDocumentId(id);
            DocumentProcessor p = processor.get();
            // Reads and client-numbered changes are safe to repeat; others are not (they could apply twice).
            boolean idempotent =
                    p instanceof ReadDocument || p instanceof DocumentChange c && c.edit.clientId() != null;
            // The lease is checked first; the document then refuses tokens older than one it accepted, so
            // a holder that lost its lease between the two steps cannot overwrite its successor.
            Fence fence = p instanceof DocumentChange change ? change.fence : null;
            return fencing.guarded(fence, () -> {
                CompletableFuture<Outcome> result = new CompletableFuture<>();
                attempt(key(tenant, id), p, idempotent ? RETRIES : 1, result);
                return result;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    /** Sends {@code p}; a member lost mid-call (UNAVAILABLE) is retried while {@code left} allows. */
    private void attempt(String key, DocumentProcessor p, int left, CompletableFuture<Outcome> result) {
        Stages.plain(map.submitToKey(key, p)).whenComplete((outcome, failure) -> {
            if (failure == null) {
                try {
                    result.complete(outcome.orThrow());
                } catch (StategridException e) {
                    result.completeExceptionally(e);
                }
                return;
            }
            StategridException error = StategridException.from(failure);
            if (left > 1 && error.code() == ErrorCode.UNAVAILABLE) {
                CompletableFuture.delayedExecutor(RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS, Stages.CHAIN)
                        .execute(() -> attempt(key, p, left - 1, result));
            } else {
                result.completeExceptionally(error);
            }
        });
    }

    private CompletionStage<Outcome> history(String tenant, String id, HistoryTask task) {
        return Stages.<Outcome>viaCallback(callback ->
                        hazelcast.getExecutorService(EXECUTOR).submitToKeyOwner(task, key(tenant, id), callback))
                .thenApply(Outcome::orThrow);
    }
}
