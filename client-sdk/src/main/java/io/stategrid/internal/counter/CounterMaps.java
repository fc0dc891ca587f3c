package io.stategrid.internal.counter;

/** The names and keys of the counter maps, which persistence stores and tests inspect. Not public API. */
public final class CounterMaps {
    /** Partitioned counters: {@link #key} to a {@code Long}, changed only by entry processors and transfers. */
    public static final String MAP = "stategrid-counters";
    /** Transfer ids ({@link #key} of tenant and id), remembered for {@code Transfer.ID_RETENTION}. */
    public static final String TRANSFERS = "stategrid-transfers";

    private CounterMaps() {}

    /** The one place counter keys are made: tenants never see each other's counters. */
    public static String key(String tenant, String name) {
        return tenant + "/" + name;
    }
}
