package io.stategrid.document.impl;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.document.DocumentOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes every applied op on the {@value #TOPIC} topic, from the owner member, in the order the
 * partition thread applied them. Publishing is handed to one thread (a partition thread must not make
 * remote calls); if its bounded queue is full the op is dropped and counted, which subscribers see as a
 * version gap and fill from the op log.
 */
public final class DocumentFeed {
    public static final String TOPIC = "stategrid-document-events";
    private static final Logger LOG = LoggerFactory.getLogger(DocumentFeed.class);
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final ThreadPoolExecutor PUBLISHER = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100_000), runnable -> {
        Thread thread = new Thread(runnable, "stategrid-document-feed");
        thread.setDaemon(true);
        return thread;
    }, (runnable, executor) -> {
        if (DROPPED.incrementAndGet() % 10_000 == 1) {
            LOG.warn("document feed queue full: {} op events dropped so far (subscribers fill gaps from the op log)",
                    DROPPED.get());
        }
    });

    /** An op applied to a document, as published. */
    public static final class Event implements com.hazelcast.nio.serialization.IdentifiedDataSerializable {
        private String tenant;
        private String id;
        private DocumentOp op;

        Event() {
        }

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
        public void writeData(com.hazelcast.nio.ObjectDataOutput out) throws java.io.IOException {
            out.writeString(tenant);
            out.writeString(id);
            DocumentSerializers.writeOp(out, op);
        }

        @Override
        public void readData(com.hazelcast.nio.ObjectDataInput in) throws java.io.IOException {
            tenant = in.readString();
            id = in.readString();
            op = DocumentSerializers.readOp(in);
        }
    }

    private DocumentFeed() {
    }

    static void publish(HazelcastInstance member, String tenant, String id, DocumentOp op) {
        if (member == null) {
            return;
        }
        Event event = new Event(tenant, id, op);
        PUBLISHER.execute(() -> {
            try {
                if (member.getLifecycleService().isRunning()) {
                    member.<Event>getTopic(TOPIC).publish(event);
                }
            } catch (RuntimeException e) {
                DROPPED.incrementAndGet();
                LOG.debug("could not publish op {} of {}/{}: {}", op.version(), tenant, id, e.toString());
            }
        });
    }

    /** Op events dropped by this JVM since start (queue full or member leaving). */
    public static long dropped() {
        return DROPPED.get();
    }
}
