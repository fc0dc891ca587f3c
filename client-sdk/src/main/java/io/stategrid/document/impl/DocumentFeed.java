package io.stategrid.document.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.document.DocumentOp;
import io.stategrid.internal.OwnerFeed;
import io.stategrid.internal.document.DocumentWire;
import java.io.IOException;

/** Every applied op goes out on the {@value #TOPIC} topic in order, from its backup member once that applied it (see {@code OwnerFeed}). */
final class DocumentFeed {
    static final String TOPIC = "stategrid-document-events";

    /** An op applied to a document, as published. */
    public static final class Event implements IdentifiedDataSerializable {
        private String tenant;
        private String id;
        private DocumentOp op;

        Event() {}

        Event(String tenant, String id, DocumentOp op) {
            this.tenant = tenant;
            this.id = id;
            this.op = op;
        }

        public String tenant() {
            return tenant;
        }

        public String id() {
            return id;
        }

        public DocumentOp op() {
            return op;
        }

        @Override
        public int getFactoryId() {
            return DocumentSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return DocumentSerializers.EVENT;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(tenant);
            out.writeString(id);
            DocumentWire.writeOp(out, op);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            tenant = in.readString();
            id = in.readString();
            op = DocumentWire.readOp(in);
        }
    }

    private DocumentFeed() {}

    static void publish(HazelcastInstance member, String tenant, String id, DocumentOp op) {
        OwnerFeed.publish(member, TOPIC, new Event(tenant, id, op));
    }
}
