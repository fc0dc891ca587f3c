package io.stategrid.counter.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.StategridException;
import io.stategrid.counter.Transfer;
import java.io.IOException;

/**
 * What the transfers map remembers of an applied transfer, written in the same transaction as the two
 * balances: its accounts, amount and resulting balances, to answer a repeat of the same transfer id.
 */
final class TransferRecord implements IdentifiedDataSerializable {
    private String from;
    private String to;
    private long amount;
    private long fromBalance;
    private long toBalance;

    TransferRecord() {}

    TransferRecord(String from, String to, long amount, long fromBalance, long toBalance) {
        this.from = from;
        this.to = to;
        this.amount = amount;
        this.fromBalance = fromBalance;
        this.toBalance = toBalance;
    }

    /**
     * The recorded transfer as the answer to a repeat of {@code id}.
     *
     * @throws StategridException with {@code INVALID_ARGUMENT} when the repeat names other accounts or amount
     */
    Transfer answer(String id, String from, String to, long amount, boolean duplicate) {
        if (!this.from.equals(from) || !this.to.equals(to) || this.amount != amount) {
            throw StategridException.invalid(
                    "transfer id '%s' was already used for %d from '%s' to '%s', not %d from" + " '%s' to '%s'",
                    id, this.amount, this.from, this.to, amount, from, to);
        }
        return new Transfer(id, from, to, amount, fromBalance, toBalance, duplicate);
    }

    @Override
    public int getFactoryId() {
        return CounterSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializers.TRANSFER_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(from);
        out.writeString(to);
        out.writeLong(amount);
        out.writeLong(fromBalance);
        out.writeLong(toBalance);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        from = in.readString();
        to = in.readString();
        amount = in.readLong();
        fromBalance = in.readLong();
        toBalance = in.readLong();
    }
}
