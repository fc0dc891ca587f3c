package io.stategrid.document.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Edit;
import io.stategrid.document.OpKind;
import io.stategrid.document.PatchFormat;
import io.stategrid.document.TextOp;
import io.stategrid.internal.Json;
import io.stategrid.internal.document.DocumentRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An op made against {@code baseVersion}. A text op is transformed against every text op applied
 * since its base (the submitted op's inserts go first on a tie, as in ShareDB), then applied. A JSON
 * Patch goes through only if no op since its base touched a path overlapping one of its own, and is
 * then applied as is. Anything since the base that replaced the whole content is a conflict.
 */
final class SubmitOp extends DocumentChange {
    private long baseVersion;
    private String op;

    SubmitOp() {}

    @Override
    public int getClassId() {
        return DocumentSerializers.SUBMIT;
    }

    @Override
    void writeChange(ObjectDataOutput out) throws IOException {
        out.writeLong(baseVersion);
        out.writeString(op);
    }

    @Override
    void readChange(ObjectDataInput in) throws IOException {
        baseVersion = in.readLong();
        op = in.readString();
    }

    SubmitOp(String tenant, String id, long baseVersion, String op, Edit edit) {
        super(tenant, id, edit);
        this.baseVersion = baseVersion;
        this.op = op;
    }

    @Override
    Outcome change(Map.Entry<String, DocumentRecord> entry, DocumentRecord record) {
        checkSize("the op", op, settings().maxOpBytes());
        Document current = existing(record);
        if (baseVersion > record.version()) {
            throw StategridException.invalid(
                    "base version %d is from the future: document %s is at version %d",
                    baseVersion, id, record.version());
        }
        if (baseVersion < record.baseVersion()) {
            throw StategridException.of(
                    ErrorCode.VERSION_CONFLICT,
                    "base version %d of document %s is older than"
                            + " the ops the grid holds (from %d); fetch the ops since your base, rebase and resubmit",
                    baseVersion,
                    id,
                    record.baseVersion() + 1);
        }
        checkExpected(record, edit);
        return current.type() == DocumentType.TEXT ? text(entry, record, current) : json(entry, record, current);
    }

    private Outcome text(Map.Entry<String, DocumentRecord> entry, DocumentRecord record, Document current) {
        TextOp transformed = TextOp.parse(op);
        for (long v = baseVersion + 1; v <= record.version(); v++) {
            DocumentOp applied = record.held(v);
            if (applied.kind() != OpKind.TEXT) {
                throw concurrentReplace(applied);
            }
            transformed = transformed.transform(TextOp.parse(applied.op()), true);
        }
        String content = transformed.apply(current.content());
        // The submitter needs the version and the op as applied, not the whole content back.
        return commit(entry, record, OpKind.TEXT, DocumentType.TEXT, transformed.toJson(), 0, edit, content)
                .withoutDocument();
    }

    private Outcome json(Map.Entry<String, DocumentRecord> entry, DocumentRecord record, Document current) {
        JsonNode patch = JsonEdits.parsePatch(PatchFormat.JSON_PATCH, op);
        List<String> mine = JsonEdits.touchedPaths(PatchFormat.JSON_PATCH, patch);
        for (long v = baseVersion + 1; v <= record.version(); v++) {
            DocumentOp applied = record.held(v);
            PatchFormat format = switch (applied.kind()) {
                case JSON_PATCH -> PatchFormat.JSON_PATCH;
                case MERGE_PATCH -> PatchFormat.MERGE_PATCH;
                default -> throw concurrentReplace(applied);
            };
            for (String theirs : JsonEdits.touchedPaths(format, Json.readStored(applied.op()))) {
                for (String path : mine) {
                    if (JsonEdits.overlap(path, theirs)) {
                        throw StategridException.of(
                                ErrorCode.VERSION_CONFLICT,
                                "version %d changed %s, which overlaps"
                                        + " %s of this op made against version %d; rebase and resubmit",
                                v,
                                theirs,
                                path,
                                baseVersion);
                    }
                }
            }
        }
        String content = JsonEdits.apply(PatchFormat.JSON_PATCH, current.content(), patch);
        return commit(entry, record, OpKind.JSON_PATCH, DocumentType.JSON, patch.toString(), 0, edit, content)
                .withoutDocument();
    }

    private StategridException concurrentReplace(DocumentOp applied) {
        return StategridException.of(
                ErrorCode.VERSION_CONFLICT,
                "version %d of document %s was a %s since base version" + " %d; fetch the current version and resubmit",
                applied.version(),
                id,
                applied.kind().wireName(),
                baseVersion);
    }
}
