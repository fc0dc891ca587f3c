package io.stategrid.channel.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.channel.ChannelMessage;
import io.stategrid.internal.Arguments;
import io.stategrid.internal.Json;
import io.stategrid.internal.Names;
import io.stategrid.internal.OrderedDelivery;
import io.stategrid.internal.Stages;
import io.stategrid.internal.Utf8;
import io.stategrid.internal.channel.ChannelService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Channels over the {@value #MAP} map (key {@code tenant/channel}) and the {@value #TOPIC} topic. Not public API. */
final class GridChannels implements ChannelService {
    static final String MAP = "stategrid-channels";
    static final String TOPIC = "stategrid-channel-events";
    /** Messages held per channel for late joiners and resumers. */
    static final int HISTORY = 100;

    static final int MAX_DATA_BYTES = 64 * 1024;
    private static final int PAGE = 1000;

    private final HazelcastInstance hazelcast;
    private final IMap<String, ChannelRecord> map;
    private final Map<String, List<OrderedDelivery<ChannelMessage>>> listeners = new ConcurrentHashMap<>();
    private volatile UUID registration;

    GridChannels(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.map = hazelcast.getMap(MAP);
    }

    private static String key(String tenant, String channel) {
        return tenant + "/" + channel;
    }

    @Override
    public CompletionStage<ChannelMessage> publish(String tenant, String channel, String from, String data) {
        try {
            check(tenant, channel);
            Arguments.present(from, "from");
            Arguments.present(data, "data");
            if (Utf8.exceeds(data, MAX_DATA_BYTES)) {
                throw StategridException.of(
                        ErrorCode.PAYLOAD_TOO_LARGE, "channel messages are limited to %d bytes", MAX_DATA_BYTES);
            }
            String json = Json.readTree(data).toString();
            return Stages.plain(map.submitToKey(
                            key(tenant, channel), ChannelProcessor.publish(tenant, channel, from, json, HISTORY)))
                    .thenApply(published ->
                            ((ChannelProcessor.Messages) published).list().get(0));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    @Override
    public CompletionStage<List<ChannelMessage>> history(String tenant, String channel, long afterId, int limit) {
        try {
            check(tenant, channel);
            if (afterId < 0 || limit < 1 || limit > PAGE) {
                throw StategridException.invalid("need afterId >= 0 and 1 <= limit <= %d", PAGE);
            }
            return Stages.plain(map.submitToKey(
                            key(tenant, channel), ChannelProcessor.read(tenant, channel, afterId, limit)))
                    .thenApply(found -> ((ChannelProcessor.Messages) found).list());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    @Override
    public AutoCloseable subscribe(String tenant, String channel, long afterId, Consumer<ChannelMessage> listener) {
        check(tenant, channel);
        Arguments.present(listener, "listener");
        ensureRegistered();
        // Ids no longer held cannot be filled: the read says NOT_FOUND and delivery passes over the gap.
        OrderedDelivery<ChannelMessage> delivery = new OrderedDelivery<>(
                ChannelMessage::id,
                (from, to) -> history(tenant, channel, from - 1, PAGE).thenApply(found -> {
                    if (!found.isEmpty() && found.get(0).id() > from) {
                        throw StategridException.of(
                                ErrorCode.NOT_FOUND,
                                "messages before %d are no longer held",
                                found.get(0).id());
                    }
                    return found.stream().filter(m -> m.id() <= to).toList();
                }),
                PAGE,
                listener);
        String key = key(tenant, channel);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable register = () -> {
            synchronized (closed) {
                if (!closed.get()) {
                    listeners
                            .computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                            .add(delivery);
                }
            }
            if (afterId >= 0) {
                delivery.catchUp();
            }
        };
        if (afterId >= 0) {
            // Start at the oldest held message after afterId: older ones are gone for good.
            history(tenant, channel, afterId, 1)
                    .whenCompleteAsync(
                            (first, failure) -> {
                                delivery.startAt(
                                        first == null || first.isEmpty()
                                                ? afterId + 1
                                                : first.get(0).id());
                                register.run();
                            },
                            Stages.CHAIN);
        } else {
            register.run();
        }
        return () -> {
            synchronized (closed) {
                closed.set(true);
                listeners.computeIfPresent(key, (k, list) -> {
                    list.remove(delivery);
                    return list.isEmpty() ? null : list;
                });
            }
        };
    }

    @Override
    public void prepare() {
        ensureRegistered();
    }

    private synchronized void ensureRegistered() {
        if (registration == null) {
            registration = hazelcast.<ChannelProcessor.Event>getTopic(TOPIC).addMessageListener(message -> {
                ChannelProcessor.Event event = message.getMessageObject();
                List<OrderedDelivery<ChannelMessage>> subscribed =
                        listeners.get(key(event.tenant(), event.message().channel()));
                if (subscribed != null) {
                    subscribed.forEach(delivery -> delivery.offer(event.message()));
                }
            });
        }
    }

    private static void check(String tenant, String channel) {
        Names.requireTenant(tenant);
        Names.requireChannel(channel);
    }
}
