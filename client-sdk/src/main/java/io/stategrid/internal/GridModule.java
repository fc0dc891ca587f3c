package io.stategrid.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What one domain contributes to every member and client: its serializers and its member defaults.
 * Each domain's implementation package has exactly one public class, its module, listed in {@code
 * META-INF/services/io.stategrid.internal.GridModule}; the module also builds the domain's services
 * through a factory interface declared in {@code io.stategrid.internal.<domain>}, so no package outside
 * a domain's implementation ever names one of its classes. Not public API.
 */
public interface GridModule {
    /**
     * This domain's wire and map types: {@link DataSerializableFactory}s by factory id (ids unique
     * across modules). Empty for a domain that has none.
     */
    default Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of();
    }

    /** Member-side defaults (map formats, executors); values set explicitly in {@code config} are kept. */
    default void configureMember(Config config) {}

    /** Client-side defaults; values set explicitly in {@code config} are kept. */
    default void configureClient(ClientConfig config) {}

    /** Every module on the class path, loaded once. */
    static List<GridModule> all() {
        return Loaded.MODULES;
    }

    /** The one module of the given type, e.g. a domain's factory interface. */
    static <T> T find(Class<T> type) {
        for (GridModule module : all()) {
            if (type.isInstance(module)) {
                return type.cast(module);
            }
        }
        throw new IllegalStateException("no Stategrid module provides " + type.getName() + ": is META-INF/services/"
                + GridModule.class.getName() + " on the class path?");
    }

    /** Holder for the lazily loaded module list. */
    final class Loaded {
        private static final List<GridModule> MODULES =
                ServiceLoader.load(GridModule.class, GridModule.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList();

        private Loaded() {}
    }
}
