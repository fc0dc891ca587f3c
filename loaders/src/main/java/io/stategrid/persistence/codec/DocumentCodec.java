package io.stategrid.persistence.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentType;
import io.stategrid.internal.Json;
import io.stategrid.internal.document.DocumentRecord;
import java.io.IOException;
import java.time.Instant;

/**
 * Documents in {@code grid_entries}: the current state (content kept as a JSON string, so its bytes
 * come back exactly), tombstones of deleted documents (versions continue after a re-create), and the
 * recent clients' last ops. The held ops go to {@code document_ops} through the documents map's store
 * hook, not through the codec.
 */
public final class DocumentCodec implements EntryCodec<DocumentRecord> {
    public static final DocumentCodec INSTANCE = new DocumentCodec();

    private DocumentCodec() {}

    @Override
    public StoredRow encode(String key, DocumentRecord record) {
        ObjectNode json = Json.MAPPER.createObjectNode().put("id", record.id()).put("version", record.version());
        Document current = record.current();
        if (current != null) {
            json.put("type", current.type().wireName())
                    .put("content", current.content())
                    .put("createdAt", current.createdAt().toEpochMilli())
                    .put("updatedAt", current.updatedAt().toEpochMilli())
                    .put("updatedBy", current.updatedBy());
        } else {
            json.put("deleted", true);
        }
        ArrayNode clients = json.putArray("clients");
        String[] ids = record.clientIds();
        long[] seqs = record.clientSeqs();
        long[] versions = record.clientVersions();
        for (int i = 0; i < ids.length; i++) {
            clients.addArray().add(ids[i]).add(seqs[i]).add(versions[i]);
        }
        // The fence column lets PostgreSQL refuse a replayed store from before a newer guarded write.
        return new StoredRow(
                key,
                record.tenant(),
                null,
                record.version(),
                null,
                record.fence() == 0 ? null : record.fence(),
                json.toString());
    }

    @Override
    public DocumentRecord decode(StoredRow row) {
        try {
            JsonNode json = Json.MAPPER.readTree(row.json());
            String id = json.path("id").asText();
            long version = json.path("version").asLong();
            Document current = json.path("deleted").asBoolean(false)
                    ? null
                    : new Document(
                            row.tenant(),
                            id,
                            DocumentType.fromWire(json.path("type").asText()),
                            version,
                            json.path("content").asText(),
                            Instant.ofEpochMilli(json.path("createdAt").asLong()),
                            Instant.ofEpochMilli(json.path("updatedAt").asLong()),
                            json.path("updatedBy").asText());
            JsonNode clients = json.path("clients");
            String[] ids = new String[clients.size()];
            long[] seqs = new long[ids.length];
            long[] versions = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = clients.get(i).get(0).asText();
                seqs[i] = clients.get(i).get(1).asLong();
                versions[i] = clients.get(i).get(2).asLong();
            }
            return DocumentRecord.of(
                    row.tenant(), id, current, version, ids, seqs, versions, row.fence() == null ? 0 : row.fence());
        } catch (IOException e) {
            throw StategridException.invalid("stored document %s is not valid JSON: %s", row.key(), e.getMessage());
        }
    }
}
