package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.internal.cache.CacheEntry;
import java.io.IOException;
import java.util.Map;

/**
 * Removes an entry (delete, invalidation by key or, with a tag, by tag): with a tag, only if the entry
 * still carries it, so a tag index that lists a key the entry has since been rewritten without never
 * removes the wrong entry. Answers DONE with the removed entry, NONE when nothing was removed. A load
 * in progress loses its claim: its result is not stored.
 */
final class DeleteEntry extends CacheProcessor {
    private String tag;

    DeleteEntry() {}

    static DeleteEntry any() {
        return new DeleteEntry();
    }

    static DeleteEntry tagged(String tag) {
        DeleteEntry d = new DeleteEntry();
        d.tag = tag;
        return d;
    }

    @Override
    CacheReply run(Map.Entry<String, CacheEntry> entry, CacheEntry old, long now) {
        if (old == null || tag != null && !(old.hasValue() && old.hasTag(tag))) {
            return CacheReply.of(CacheReply.Kind.NONE, old);
        }
        remove(entry);
        return CacheReply.of(CacheReply.Kind.DONE, old).stamped(advance(entry));
    }

    @Override
    public int getClassId() {
        return CacheSerializers.DELETE;
    }

    @Override
    void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(tag);
    }

    @Override
    void readFields(ObjectDataInput in) throws IOException {
        tag = in.readString();
    }
}
