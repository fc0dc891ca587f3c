package io.stategrid.document;

import io.stategrid.StategridException;
import java.util.Locale;

/** What a document holds: a JSON value edited by patches, or plain text edited by OT operations. */
public enum DocumentType {
    JSON,
    TEXT;

    /** The lower-case name used on the wire ({@code json}, {@code text}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name. @throws StategridException {@code INVALID_ARGUMENT} for anything else */
    public static DocumentType fromWire(String name) {
        for (DocumentType type : values()) {
            if (type.wireName().equals(name)) {
                return type;
            }
        }
        throw StategridException.invalid("document type must be json or text, got '%s'", name);
    }
}
