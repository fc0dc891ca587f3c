package io.stategrid.document;

import java.util.Locale;

/** What an entry of a document's op log did. */
public enum OpKind {
    /** The document came into being (again, after a delete); the op holds the full content. */
    CREATE,
    /** The whole content was replaced; the op holds the new content. */
    REPLACE,
    /** An RFC 6902 JSON Patch (an array of operations). */
    JSON_PATCH,
    /** An RFC 7396 JSON Merge Patch (an object). */
    MERGE_PATCH,
    /** A text operation as applied, after transformation (see {@link TextOp}). */
    TEXT,
    /** The content of an earlier version came back; the op holds that content. */
    RESTORE,
    /** The document was deleted; its history stays. */
    DELETE;

    /** The wire name: lower case with dashes ({@code json-patch}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the op carries the whole content (a starting point for rebuilding old versions). */
    public boolean carriesContent() {
        return this == CREATE || this == REPLACE || this == RESTORE;
    }
}
