package io.stategrid.counter.impl;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.counter.CounterFactory;
import io.stategrid.internal.counter.CounterService;
import java.util.Map;

/** The counter domain: partitioned and strong counters, transfers, and their serializers. Not public API. */
public final class CounterModule implements GridModule, CounterFactory {
    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(CounterSerializers.FACTORY_ID, new CounterSerializers());
    }

    @Override
    public void configureMember(Config config) {
        // Transfers run their blocking transactions here; a small pool, as they mostly wait on other members.
        if (!config.getExecutorConfigs().containsKey(GridTransfers.EXECUTOR)) {
            config.getExecutorConfig(GridTransfers.EXECUTOR).setPoolSize(GridTransfers.EXECUTOR_THREADS);
        }
    }

    @Override
    public CounterService counters(HazelcastInstance hazelcast) {
        return new GridCounters(hazelcast);
    }
}
