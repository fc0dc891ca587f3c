package io.stategrid.internal.document;

/** The documents map, its keys and paging bound, which persistence, the edge and tests use. Not public API. */
public final class DocumentMaps {
    /** {@link #key} to {@link DocumentRecord}, OBJECT in-memory format, persisted. */
    public static final String MAP = "stategrid-documents";
    /** The most ops one history read returns. */
    public static final int MAX_PAGE = 1000;

    private DocumentMaps() {}

    /** The map key of a tenant's document. */
    public static String key(String tenant, String id) {
        return tenant + "/" + id;
    }
}
