package io.stategrid.internal.document;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.lock.Locks;

/** Builds the document domain's services; {@code GridModule.find(DocumentFactory.class)}. Not public API. */
public interface DocumentFactory {
    /** Documents over {@code hazelcast}; {@code locks} checks the leases that guarded writes name. */
    DocumentService documents(HazelcastInstance hazelcast, Locks locks);
}
