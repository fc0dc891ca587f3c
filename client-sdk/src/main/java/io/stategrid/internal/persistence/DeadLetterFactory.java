package io.stategrid.internal.persistence;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.persistence.DeadLetters;

/** Builds the dead-letter service; {@code GridModule.find(DeadLetterFactory.class)}. Not public API. */
public interface DeadLetterFactory {
    /** Dead letters through a task on any member, which asks its {@link DeadLetterStore}. */
    DeadLetters deadLetters(HazelcastInstance hazelcast);
}
