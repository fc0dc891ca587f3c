package io.stategrid.edge.document;

import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.vertx.core.json.Json;

/** Documents and their ops as JSON text, with JSON content embedded as it is (never re-encoded). */
public final class DocumentJson {
    private DocumentJson() {}

    /** The strong ETag of a document's version. */
    static String etag(Document document) {
        return "\"" + document.version() + "\"";
    }

    /** {@code {id, type, version, updatedAt, updatedBy, content}}; JSON content is embedded as is, not re-encoded. */
    static String json(Document document) {
        return "{\"id\":" + Json.encode(document.id()) + ",\"type\":\""
                + document.type().wireName() + "\",\"version\":"
                + document.version() + ",\"createdAt\":\"" + document.createdAt() + "\",\"updatedAt\":\""
                + document.updatedAt() + "\",\"updatedBy\":" + Json.encode(document.updatedBy()) + ",\"content\":"
                + content(document.type(), document.content()) + "}";
    }

    static String opJson(DocumentOp op) {
        return "{" + opFields(op, "type") + "}";
    }

    /** An op's fields without braces; {@code typeKey} names the document-type field. */
    public static String opFields(DocumentOp op, String typeKey) {
        String payload = op.op() == null ? "null" : op.kind().carriesContent() ? content(op.type(), op.op()) : op.op();
        return "\"version\":" + op.version() + ",\"kind\":\"" + op.kind().wireName() + "\",\"" + typeKey + "\":\""
                + op.type().wireName() + "\",\"op\":" + payload
                + (op.restoredFrom() > 0 ? ",\"restoredFrom\":" + op.restoredFrom() : "")
                + (op.clientId() == null
                        ? ""
                        : ",\"clientId\":" + Json.encode(op.clientId()) + ",\"clientSeq\":" + op.clientSeq())
                + ",\"author\":" + Json.encode(op.author()) + ",\"appliedAt\":\"" + op.appliedAt() + "\"";
    }

    private static String content(DocumentType type, String content) {
        return type == DocumentType.JSON ? content : Json.encode(content);
    }
}
