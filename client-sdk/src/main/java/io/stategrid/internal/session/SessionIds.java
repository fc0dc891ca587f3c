package io.stategrid.internal.session;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** The per-user index entry: the ids of a user's sessions. Not public API. */
public record SessionIds(String tenant, String subject, String[] ids) implements java.io.Serializable {
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
