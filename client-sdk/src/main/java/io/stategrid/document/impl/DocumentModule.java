package io.stategrid.document.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.document.DocumentFactory;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.internal.document.DocumentService;
import io.stategrid.lock.Locks;
import java.util.Map;

/** The document domain: JSON and text documents, their op log and change feed, and their serializers. Not public API. */
public final class DocumentModule implements GridModule, DocumentFactory {
    @Override
    public Map<Integer, DataSerializableFactory> serializerFactories() {
        return Map.of(DocumentSerializers.FACTORY_ID, new DocumentSerializers());
    }

    @Override
    public void configureMember(Config config) {
        // Document entry processors work on the record object itself instead of deserializing it (with
        // its held op log) for every op; records are immutable, so the write-behind queue stays safe.
        config.getMapConfig(DocumentMaps.MAP).setInMemoryFormat(InMemoryFormat.OBJECT);
    }

    @Override
    public DocumentService documents(HazelcastInstance hazelcast, Locks locks) {
        return new GridDocuments(hazelcast, locks);
    }
}
