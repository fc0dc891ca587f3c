package io.stategrid.internal;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import java.util.Map;
import java.util.Optional;

/**
 * A member's own collaborators (settings, stores, clocks), kept in Hazelcast's user context so that
 * entry processors and tasks running on that member reach them through the instance they are given.
 * Keys are type names, so one service per type and member. Not public API.
 */
public final class MemberContext {
    private MemberContext() {}

    /** Registers {@code service} before the member starts; it replaces one of the same type. */
    public static <T> void put(Config config, Class<T> type, T service) {
        put(config.getUserContext(), type, service);
    }

    /** Registers {@code service} on a running member; it replaces one of the same type. */
    public static <T> void put(HazelcastInstance member, Class<T> type, T service) {
        put(member.getUserContext(), type, service);
    }

    /** The member's service of {@code type}, if one was registered; empty on a client or without one. */
    public static <T> Optional<T> find(HazelcastInstance member, Class<T> type) {
        if (member == null) {
            return Optional.empty();
        }
        Map<String, Object> context;
        try {
            context = member.getUserContext();
        } catch (UnsupportedOperationException clientInstance) {
            return Optional.empty();
        }
        return Optional.ofNullable(type.cast(context.get(type.getName())));
    }

    private static <T> void put(Map<String, Object> context, Class<T> type, T service) {
        context.put(type.getName(), type.cast(service));
    }
}
