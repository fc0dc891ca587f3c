package io.stategrid.internal;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A member's own collaborators (settings, stores, clocks), kept in Hazelcast's user context so that
 * entry processors and tasks running on that member reach them through the instance they are given.
 * Keys are type names, so one service per type and member. Not public API.
 */
public final class MemberContext {
    private MemberContext() {}

    /**
     * Registers {@code service} before the member starts; it replaces one of the same type. A member
     * copies its configuration's user context into a map of its own when it starts (Hazelcast 5.4's
     * {@code HazelcastInstanceImpl}), so what is put here later does not reach a running member: use
     * {@link #put(HazelcastInstance, Class, Object)} then.
     */
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

    /**
     * The service of {@code type} in {@code config}'s user context, created by {@code create} and put
     * there if there is none yet; a member started from {@code config} finds the same object.
     */
    public static <T> T computeIfAbsent(Config config, Class<T> type, Supplier<? extends T> create) {
        return computeIfAbsent(config.getUserContext(), type, create);
    }

    /** The running member's service of {@code type}, created by {@code create} and registered if there is none. */
    public static <T> T computeIfAbsent(HazelcastInstance member, Class<T> type, Supplier<? extends T> create) {
        return computeIfAbsent(member.getUserContext(), type, create);
    }

    /** Removes the member's service of {@code type}, if any. */
    public static void remove(HazelcastInstance member, Class<?> type) {
        member.getUserContext().remove(type.getName());
    }

    private static <T> T computeIfAbsent(Map<String, Object> context, Class<T> type, Supplier<? extends T> create) {
        return type.cast(context.computeIfAbsent(type.getName(), name -> type.cast(create.get())));
    }

    private static <T> void put(Map<String, Object> context, Class<T> type, T service) {
        context.put(type.getName(), type.cast(service));
    }
}
