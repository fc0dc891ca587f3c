package io.stategrid.document.impl;

import io.stategrid.document.Edit;

import java.util.OptionalLong;

/** An {@link Edit} as it travels inside entry processors. */
record EditData(String author, long expected, String clientId, long clientSeq) {
    static EditData of(Edit edit) {
        return new EditData(edit.author(), edit.expectedVersion().orElse(-1), edit.clientId(), edit.clientSeq());
    }

    OptionalLong expectedVersion() {
        return expected < 0 ? OptionalLong.empty() : OptionalLong.of(expected);
    }
}
