package io.stategrid.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Services a member registers under its instance name so tasks sent to it (from clients or other
 * members) can reach them. Not public API.
 */
public final class MemberServices {
    private static final Map<String, Map<Class<?>, Object>> BY_MEMBER = new ConcurrentHashMap<>();

    private MemberServices() {}

    public static <T> void register(String instanceName, Class<T> type, T service) {
        BY_MEMBER
                .computeIfAbsent(instanceName, name -> new ConcurrentHashMap<>())
                .put(type, service);
    }

    public static <T> Optional<T> find(String instanceName, Class<T> type) {
        Map<Class<?>, Object> services = BY_MEMBER.get(instanceName);
        return services == null ? Optional.empty() : Optional.ofNullable(type.cast(services.get(type)));
    }

    public static void unregisterAll(String instanceName) {
        BY_MEMBER.remove(instanceName);
    }
}
