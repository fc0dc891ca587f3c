package io.stategrid.internal.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.OpKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The chunked op list: appends and drops across chunk edges keep order, and old versions stay intact. */
class OpLogTest {
    private static DocumentOp op(long version) {
        return new DocumentOp(version, OpKind.TEXT, DocumentType.TEXT, "[]", 0, null, 0, "u", Instant.EPOCH, 0);
    }

    @Test
    void appendsAndDropsAcrossChunksKeepEveryVersionIntact() {
        OpLog log = OpLog.EMPTY;
        OpLog[] snapshots = new OpLog[301];
        for (int v = 1; v <= 300; v++) {
            log = log.append(op(v));
            snapshots[v] = log;
        }
        OpLog dropped = log.drop(130).append(op(301)).drop(5);
        assertThat(dropped.size()).isEqualTo(166);
        for (int i = 0; i < dropped.size(); i++) {
            assertThat(dropped.get(i).version()).isEqualTo(136 + i);
        }
        assertThat(dropped.slice(10, 13)).extracting(DocumentOp::version).containsExactly(146L, 147L, 148L);
        assertThat(snapshots[64].size()).as("older lists are unchanged").isEqualTo(64);
        assertThat(snapshots[64].get(63).version()).isEqualTo(64);
        assertThat(snapshots[65].get(64).version()).isEqualTo(65);
        assertThat(log.drop(300).size()).isZero();
        assertThat(OpLog.of(log.toArray()).get(299).version()).isEqualTo(300);
        OpLog rebuilt = OpLog.of(snapshots[130].toArray()).append(op(131)).drop(3);
        assertThat(rebuilt.size())
                .as("built in chunks, then appended and dropped")
                .isEqualTo(128);
        assertThat(rebuilt.slice(0, 128))
                .extracting(DocumentOp::version)
                .startsWith(4L)
                .endsWith(131L);
    }
}
