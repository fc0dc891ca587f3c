package io.stategrid.internal.session;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** The per-user index entry: the ids of a user's sessions. Not public API. */
public final class SessionIds implements IdentifiedDataSerializable {
    private String tenant;
    private String subject;
    private String[] ids;

    /** For deserialization only. */
    public SessionIds() {}

    public SessionIds(String tenant, String subject, String[] ids) {
        this.tenant = tenant;
        this.subject = subject;
        this.ids = ids;
    }

    public String tenant() {
        return tenant;
    }

    public String subject() {
        return subject;
    }

    public String[] ids() {
        return ids;
    }

    @Override
    public int getFactoryId() {
        return SessionWire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SessionWire.IDS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(subject);
        out.writeStringArray(ids);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        subject = in.readString();
        ids = in.readStringArray();
    }

    public static String key(String tenant, String subject) {
        return tenant + "/" + subject;
    }

    public SessionIds with(String id) {
        Set<String> all = new LinkedHashSet<>(Arrays.asList(ids));
        all.add(id);
        return new SessionIds(tenant, subject, all.toArray(String[]::new));
    }

    public SessionIds without(Set<String> gone) {
        return new SessionIds(
                tenant,
                subject,
                Arrays.stream(ids).filter(id -> !gone.contains(id)).toArray(String[]::new));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionIds o
                && tenant.equals(o.tenant)
                && subject.equals(o.subject)
                && Arrays.equals(ids, o.ids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * tenant.hashCode() + subject.hashCode()) + Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "SessionIds[" + key(tenant, subject) + ", " + ids.length + " ids]";
    }
}
