package io.stategrid.document.impl;

import io.stategrid.document.Edit;
import java.util.OptionalLong;

/** An {@link Edit} as it travels inside entry processors. */
record EditData(String author, long expected, String clientId, long clientSeq, long fence) {
    static EditData of(Edit edit) {
        return new EditData(
                edit.author(),
                edit.expectedVersion().orElse(-1),
                edit.clientId(),
                edit.clientSeq(),
                edit.fence() == null ? 0 : edit.fence().token().value());
    }

    OptionalLong expectedVersion() {
        return expected < 0 ? OptionalLong.empty() : OptionalLong.of(expected);
    }
}
