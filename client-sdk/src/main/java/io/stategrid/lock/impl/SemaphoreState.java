package io.stategrid.lock.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.Wire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The replicated state of one semaphore in its CP AtomicReference; holders past their lease do not count. */
final class SemaphoreState implements IdentifiedDataSerializable {
    private int capacity;
    private List<Holder> holders;

    /** For deserialization only. */
    SemaphoreState() {}

    SemaphoreState(int capacity, List<Holder> holders) {
        this.capacity = capacity;
        this.holders = holders;
    }

    int capacity() {
        return capacity;
    }

    List<Holder> holders() {
        return holders;
    }

    @Override
    public int getFactoryId() {
        return LockSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LockSerializers.SEMAPHORE_STATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(capacity);
        Wire.writeList(out, holders, SemaphoreState::writeHolder);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        capacity = in.readInt();
        holders = List.copyOf(Wire.readList(in, SemaphoreState::readHolder));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SemaphoreState o && capacity == o.capacity && Objects.equals(holders, o.holders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(capacity, holders);
    }

    @Override
    public String toString() {
        return "SemaphoreState[" + capacity + ", " + holders + "]";
    }

    static final SemaphoreState EMPTY = new SemaphoreState(0, List.of());

    record Holder(String id, String label, int permits, long expiresAt) {}

    static SemaphoreState orEmpty(SemaphoreState state) {
        return state == null ? EMPTY : state;
    }

    List<Holder> liveAt(long now) {
        return holders.stream().filter(h -> h.expiresAt() > now).toList();
    }

    int usedAt(long now) {
        return liveAt(now).stream().mapToInt(Holder::permits).sum();
    }

    Holder live(String id, long now) {
        for (Holder holder : holders) {
            if (holder.id().equals(id) && holder.expiresAt() > now) {
                return holder;
            }
        }
        return null;
    }

    /** Drops expired holders and {@code drop}, then adds {@code add} (either may be null). */
    SemaphoreState with(int newCapacity, long now, String drop, Holder add) {
        List<Holder> next = new ArrayList<>();
        for (Holder holder : liveAt(now)) {
            if (!holder.id().equals(drop)) {
                next.add(holder);
            }
        }
        if (add != null) {
            next.add(add);
        }
        return new SemaphoreState(newCapacity, List.copyOf(next));
    }

    private static void writeHolder(ObjectDataOutput out, Holder holder) throws IOException {
        out.writeString(holder.id());
        out.writeString(holder.label());
        out.writeInt(holder.permits());
        out.writeLong(holder.expiresAt());
    }

    private static Holder readHolder(ObjectDataInput in) throws IOException {
        return new Holder(in.readString(), in.readString(), in.readInt(), in.readLong());
    }
}
