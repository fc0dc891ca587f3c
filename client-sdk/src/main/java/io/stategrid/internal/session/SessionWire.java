package io.stategrid.internal.session;

/**
 * The session domain's wire format: the id of its {@code DataSerializableFactory} and the class ids of
 * the stored records declared here. Not public API.
 */
public final class SessionWire {
    /** The id of the session domain's {@code DataSerializableFactory}. */
    public static final int FACTORY_ID = 7310;
    /** The class id of {@link SessionRecord}. */
    public static final int RECORD = 1;
    /** The class id of {@link SessionIds}. */
    public static final int IDS = 2;
    /** The class id of {@link RefreshFamily}. */
    public static final int FAMILY = 3;

    private SessionWire() {}
}
