package io.stategrid.session.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.session.SessionIds;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Changes one user's index entry atomically: add an id, remove ids, or take the whole entry (revoke
 * all). Deterministic, so the backup may simply run it again.
 */
final class IndexUpdate implements EntryProcessor<String, SessionIds, String[]>, IdentifiedDataSerializable {
    private String tenant;
    private String subject;
    private String add;
    private Set<String> remove;
    private boolean take;

    /** For deserialization only. */
    IndexUpdate() {}

    private IndexUpdate(String tenant, String subject, String add, Set<String> remove, boolean take) {
        this.tenant = tenant;
        this.subject = subject;
        this.add = add;
        this.remove = remove;
        this.take = take;
    }

    static IndexUpdate add(String tenant, String subject, String id) {
        return new IndexUpdate(tenant, subject, id, Set.of(), false);
    }

    static IndexUpdate remove(String tenant, String subject, Set<String> ids) {
        return new IndexUpdate(tenant, subject, null, Set.copyOf(ids), false);
    }

    static IndexUpdate takeAll(String tenant, String subject) {
        return new IndexUpdate(tenant, subject, null, Set.of(), true);
    }

    @Override
    public int getFactoryId() {
        return SessionSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SessionSerializers.INDEX_UPDATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(subject);
        out.writeString(add);
        out.writeStringArray(remove.toArray(String[]::new));
        out.writeBoolean(take);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        subject = in.readString();
        add = in.readString();
        remove = Set.copyOf(Arrays.asList(in.readStringArray()));
        take = in.readBoolean();
    }

    @Override
    public String[] process(Map.Entry<String, SessionIds> entry) {
        SessionIds current =
                entry.getValue() == null ? new SessionIds(tenant, subject, new String[0]) : entry.getValue();
        if (take) {
            entry.setValue(null);
            return current.ids();
        }
        SessionIds next = current;
        if (add != null) {
            next = next.with(add);
        }
        if (!remove.isEmpty()) {
            next = next.without(remove);
        }
        entry.setValue(next.ids().length == 0 ? null : next);
        return next.ids();
    }
}
