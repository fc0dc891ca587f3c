package io.stategrid.presence.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Arguments;
import io.stategrid.internal.Json;
import io.stategrid.internal.Names;
import io.stategrid.internal.Stages;
import io.stategrid.internal.Utf8;
import io.stategrid.internal.presence.PresenceService;
import io.stategrid.presence.PresenceEvent;
import io.stategrid.presence.PresenceMember;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Presence over the {@value #MAP} map (key {@code tenant/room}) and the {@value #TOPIC} topic. Not public API. */
final class GridPresence implements PresenceService {
    static final String MAP = "stategrid-presence";
    static final String TOPIC = "stategrid-presence-events";
    static final int MAX_STATE_BYTES = 1024;
    private static final Pattern ROOM = Pattern.compile("^[A-Za-z0-9._~:\\-]{1,160}$");

    private final HazelcastInstance hazelcast;
    private final IMap<String, PresenceProcessor.Room> map;
    private final Map<String, List<Consumer<PresenceEvent>>> listeners = new ConcurrentHashMap<>();
    private volatile UUID registration;

    GridPresence(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.map = hazelcast.getMap(MAP);
    }

    @Override
    public CompletionStage<List<PresenceMember>> join(
            String tenant, String room, String memberId, String subject, String state, Duration timeout) {
        return call(tenant, room, () -> {
                    Arguments.present(subject, "subject");
                    if (timeout == null || timeout.toMillis() < 100 || timeout.toHours() > 24) {
                        throw StategridException.invalid("presence timeout must be 100 ms to 24 h, got %s", timeout);
                    }
                    return new PresenceProcessor(
                            tenant,
                            room,
                            PresenceProcessor.Kind.JOIN,
                            member(memberId),
                            subject,
                            state(state),
                            timeout.toMillis());
                })
                .thenApply(PresenceProcessor.Result::members);
    }

    @Override
    public CompletionStage<Void> update(String tenant, String room, String memberId, String state) {
        return call(
                        tenant,
                        room,
                        () -> new PresenceProcessor(
                                tenant, room, PresenceProcessor.Kind.UPDATE, member(memberId), null, state(state), 0))
                .thenApply(result -> null);
    }

    @Override
    public CompletionStage<Void> heartbeat(String tenant, String room, String memberId) {
        return call(
                        tenant,
                        room,
                        () -> new PresenceProcessor(
                                tenant, room, PresenceProcessor.Kind.HEARTBEAT, member(memberId), null, null, 0))
                .thenApply(result -> null);
    }

    @Override
    public CompletionStage<Boolean> leave(String tenant, String room, String memberId) {
        return call(
                        tenant,
                        room,
                        () -> new PresenceProcessor(
                                tenant, room, PresenceProcessor.Kind.LEAVE, member(memberId), null, null, 0))
                .thenApply(PresenceProcessor.Result::found);
    }

    @Override
    public CompletionStage<List<PresenceMember>> members(String tenant, String room) {
        return call(
                        tenant,
                        room,
                        () -> new PresenceProcessor(tenant, room, PresenceProcessor.Kind.READ, "-", null, null, 0))
                .thenApply(PresenceProcessor.Result::members);
    }

    @Override
    public AutoCloseable listen(String tenant, String room, Consumer<PresenceEvent> listener) {
        Names.requireTenant(tenant);
        requireRoom(room);
        Arguments.present(listener, "listener");
        ensureRegistered();
        String key = tenant + "/" + room;
        listeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void prepare() {
        ensureRegistered();
    }

    private synchronized void ensureRegistered() {
        if (registration == null) {
            registration = hazelcast.<PresenceProcessor.Event>getTopic(TOPIC).addMessageListener(message -> {
                PresenceProcessor.Event event = message.getMessageObject();
                List<Consumer<PresenceEvent>> subscribed =
                        listeners.get(event.tenant() + "/" + event.event().room());
                if (subscribed != null) {
                    subscribed.forEach(listener -> listener.accept(event.event()));
                }
            });
        }
    }

    private CompletionStage<PresenceProcessor.Result> call(
            String tenant, String room, Supplier<PresenceProcessor> processor) {
        try {
            Names.requireTenant(tenant);
            requireRoom(room);
            return Stages.plain(map.submitToKey(tenant + "/" + room, processor.get()))
                    .thenApply(result -> {
                        PresenceProcessor.Result r = (PresenceProcessor.Result) result;
                        if (r.failure() != null) {
                            throw PresenceProcessor.error(r);
                        }
                        return r;
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    private static void requireRoom(String room) {
        if (room == null || !ROOM.matcher(room).matches()) {
            throw StategridException.invalid("room must be 1-160 characters of [A-Za-z0-9._~:-], got '%s'", room);
        }
    }

    private static String member(String memberId) {
        if (memberId == null || memberId.isEmpty() || memberId.length() > 128) {
            throw StategridException.invalid("memberId must be 1-128 characters, got '%s'", memberId);
        }
        return memberId;
    }

    private static String state(String state) {
        String json = state == null ? "null" : state;
        if (Utf8.exceeds(json, MAX_STATE_BYTES)) {
            throw StategridException.of(
                    ErrorCode.PAYLOAD_TOO_LARGE, "presence state is limited to %d bytes", MAX_STATE_BYTES);
        }
        return Json.readTree(json).toString();
    }
}
