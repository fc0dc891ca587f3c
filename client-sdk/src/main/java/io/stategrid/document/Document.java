package io.stategrid.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A document at one version.
 *
 * @param tenant    owning tenant
 * @param id        the id, unique within the tenant
 * @param type      JSON or text
 * @param version   1 for a new document, +1 for every applied op (deletes included), never reused
 * @param content   JSON text for a JSON document, the text itself for a text document
 * @param createdAt when this incarnation of the document was created
 * @param updatedAt when the op that made this version was applied
 * @param updatedBy who applied it (the JWT subject at the edge)
 */
public record Document(
        String tenant,
        String id,
        DocumentType type,
        long version,
        String content,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy) {
    public Document {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
    }

    /** The content of a JSON document as a tree (parsed on each call). */
    public JsonNode json() {
        return DocumentJson.readTree(content);
    }
}
