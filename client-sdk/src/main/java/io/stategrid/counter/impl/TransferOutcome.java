package io.stategrid.counter.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.counter.Transfer;
import io.stategrid.internal.Failure;
import java.io.IOException;

/** What a {@link TransferTask} answers: the transfer, a refusal (a {@link Failure}), or a failure worth retrying. */
final class TransferOutcome implements IdentifiedDataSerializable {
    private Transfer transfer;
    private Failure refusal;
    private String message;

    TransferOutcome() {}

    private TransferOutcome(Transfer transfer, Failure refusal, String message) {
        this.transfer = transfer;
        this.refusal = refusal;
        this.message = message;
    }

    static TransferOutcome done(Transfer transfer) {
        return new TransferOutcome(transfer, null, null);
    }

    static TransferOutcome failed(Failure refusal) {
        return new TransferOutcome(null, refusal, refusal.message());
    }

    /** A grid failure in the attempt: rolled back, or (commit cut short) finished from the backup log. */
    static TransferOutcome retry(String message) {
        return new TransferOutcome(null, null, message);
    }

    boolean retryable() {
        return transfer == null && refusal == null;
    }

    String message() {
        return message;
    }

    /** The transfer, or the refusal thrown. */
    Transfer orThrow() {
        if (refusal != null) {
            throw refusal.toException();
        }
        return transfer;
    }

    @Override
    public int getFactoryId() {
        return CounterSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializers.TRANSFER_OUTCOME;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(transfer != null);
        if (transfer != null) {
            out.writeString(transfer.transferId());
            out.writeString(transfer.from());
            out.writeString(transfer.to());
            out.writeLong(transfer.amount());
            out.writeLong(transfer.fromBalance());
            out.writeLong(transfer.toBalance());
            out.writeBoolean(transfer.duplicate());
        }
        Failure.write(out, refusal);
        out.writeString(message);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        if (in.readBoolean()) {
            transfer = new Transfer(
                    in.readString(),
                    in.readString(),
                    in.readString(),
                    in.readLong(),
                    in.readLong(),
                    in.readLong(),
                    in.readBoolean());
        }
        refusal = Failure.read(in);
        message = in.readString();
    }
}
