package io.stategrid.persistence.impl;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.persistence.DeadLetterFactory;
import io.stategrid.persistence.DeadLetters;

/** The persistence domain's client side: dead letters, listed and retried on a member. Not public API. */
public final class PersistenceModule implements GridModule, DeadLetterFactory {
    @Override
    public DeadLetters deadLetters(HazelcastInstance hazelcast) {
        return new GridDeadLetters(hazelcast);
    }
}
