package io.stategrid.document;

/** The two patch formats a JSON document accepts. */
public enum PatchFormat {
    /** RFC 6902, media type {@code application/json-patch+json}: an array of operations. */
    JSON_PATCH("application/json-patch+json"),
    /** RFC 7396, media type {@code application/merge-patch+json}: an object merged into the document. */
    MERGE_PATCH("application/merge-patch+json");

    private final String mediaType;

    PatchFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }
}
