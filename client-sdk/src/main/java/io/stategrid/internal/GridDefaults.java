package io.stategrid.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import io.stategrid.StategridException;

/**
 * Hazelcast properties every Stategrid member and client runs with, in one place so tests, the node
 * and the SDK cannot drift apart; each domain's own defaults and serializers come from its {@link
 * GridModule}. Not public API.
 */
public final class GridDefaults {
    private GridDefaults() {}

    /** Applies the member defaults; values already set explicitly in {@code config} are kept. */
    public static Config applyTo(Config config) {
        setIfAbsent(config, "hazelcast.logging.type", "slf4j");
        setIfAbsent(config, "hazelcast.phone.home.enabled", "false");
        // Near caches otherwise learn of changes in batches, about every 10 s, instead of at once.
        setIfAbsent(config, "hazelcast.map.invalidation.batch.enabled", "false");
        // Stategrid installs its own shutdown hook, which flushes write-behind queues first.
        setIfAbsent(config, "hazelcast.shutdownhook.enabled", "false");
        for (GridModule module : GridModule.all()) {
            module.configureMember(config);
        }
        registerSerializers(config.getSerializationConfig());
        return config;
    }

    /** Applies the client defaults; values already set explicitly in {@code config} are kept. */
    public static ClientConfig applyTo(ClientConfig config) {
        if (config.getProperty("hazelcast.logging.type") == null) {
            config.setProperty("hazelcast.logging.type", "slf4j");
        }
        if (config.getProperty("hazelcast.phone.home.enabled") == null) {
            config.setProperty("hazelcast.phone.home.enabled", "false");
        }
        for (GridModule module : GridModule.all()) {
            module.configureClient(config);
        }
        registerSerializers(config.getSerializationConfig());
        return config;
    }

    /**
     * Every Stategrid type that travels or is stored is {@code IdentifiedDataSerializable}, so Java
     * deserialization is only ever needed for the JDK's and Hazelcast's own classes: the filter's
     * defaults allow {@code java*}, {@code com.hazelcast.} and arrays and nothing of Stategrid's, so a
     * crafted Java-serialized payload naming any other class is refused with a {@link
     * SecurityException}. A {@link StategridException} crossing between members travels as a {@link
     * Failure} through its own serializer.
     */
    private static void registerSerializers(SerializationConfig serialization) {
        serialization
                .getDataSerializableFactories()
                .putIfAbsent(InternalSerializers.FACTORY_ID, new InternalSerializers());
        boolean registered = serialization.getSerializerConfigs().stream()
                .anyMatch(c -> c.getTypeClass() == StategridException.class
                        || StategridException.class.getName().equals(c.getTypeClassName()));
        if (!registered) {
            serialization.addSerializerConfig(new SerializerConfig()
                    .setTypeClass(StategridException.class)
                    .setImplementation(new StategridExceptionSerializer()));
        }
        if (serialization.getJavaSerializationFilterConfig() == null) {
            serialization.setJavaSerializationFilterConfig(new JavaSerializationFilterConfig());
        }
        for (GridModule module : GridModule.all()) {
            module.serializerFactories()
                    .forEach((id, factory) ->
                            serialization.getDataSerializableFactories().putIfAbsent(id, factory));
        }
    }

    private static void setIfAbsent(Config config, String key, String value) {
        if (config.getProperty(key) == null) {
            config.setProperty(key, value);
        }
    }
}
