package io.stategrid.internal.document;

import io.stategrid.document.DocumentOp;
import java.util.Arrays;

/**
 * The ops a document holds in the grid, oldest first: an immutable list in chunks of {@value #CHUNK},
 * so appending or dropping the oldest ops copies at most one chunk and the chunk index, not every held
 * op (which made each op O(held) when PostgreSQL was away and thousands of ops were held).
 */
final class OpLog {
    static final OpLog EMPTY = new OpLog(new DocumentOp[0][], 0, 0);
    private static final int CHUNK = 64;

    private final DocumentOp[][] chunks;
    private final int offset;
    private final int size;

    private OpLog(DocumentOp[][] chunks, int offset, int size) {
        this.chunks = chunks;
        this.offset = offset;
        this.size = size;
    }

    /** A log of {@code ops} in full chunks (appending one by one would copy the chunk index each time). */
    static OpLog of(DocumentOp[] ops) {
        DocumentOp[][] chunks = new DocumentOp[(ops.length + CHUNK - 1) / CHUNK][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = Arrays.copyOfRange(ops, i * CHUNK, Math.min(ops.length, (i + 1) * CHUNK));
        }
        return new OpLog(chunks, 0, ops.length);
    }

    int size() {
        return size;
    }

    DocumentOp get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        int at = offset + index;
        return chunks[at / CHUNK][at % CHUNK];
    }

    OpLog append(DocumentOp op) {
        int end = offset + size;
        DocumentOp[][] next;
        if (end % CHUNK == 0) {
            next = Arrays.copyOf(chunks, chunks.length + 1);
            next[next.length - 1] = new DocumentOp[] {op};
        } else {
            next = chunks.clone();
            DocumentOp[] last = chunks[chunks.length - 1];
            DocumentOp[] grown = Arrays.copyOf(last, last.length + 1);
            grown[last.length] = op;
            next[next.length - 1] = grown;
        }
        return new OpLog(next, offset, size + 1);
    }

    /** This log without its oldest {@code count} ops. */
    OpLog drop(int count) {
        if (count == 0) {
            return this;
        }
        if (count >= size) {
            return EMPTY;
        }
        int start = offset + count;
        int skipChunks = start / CHUNK;
        return new OpLog(Arrays.copyOfRange(chunks, skipChunks, chunks.length), start % CHUNK, size - count);
    }

    /** Ops {@code from} (inclusive) to {@code to} (exclusive) as an array. */
    DocumentOp[] slice(int from, int to) {
        DocumentOp[] out = new DocumentOp[Math.max(0, to - from)];
        for (int i = from; i < to; i++) {
            out[i - from] = get(i);
        }
        return out;
    }

    DocumentOp[] toArray() {
        return slice(0, size);
    }
}
