package io.stategrid.internal.counter;

import com.hazelcast.core.HazelcastInstance;

/** Builds the counter domain's services; {@code GridModule.find(CounterFactory.class)}. Not public API. */
public interface CounterFactory {
    CounterService counters(HazelcastInstance hazelcast);
}
