package io.stategrid.counter.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.counter.Transfer;
import java.io.IOException;

/** What a {@link TransferTask} answers: the transfer, a refusal (code and message), or a failure worth retrying. */
final class TransferOutcome implements IdentifiedDataSerializable {
    private Transfer transfer;
    private ErrorCode error;
    private String message;

    TransferOutcome() {}

    private TransferOutcome(Transfer transfer, ErrorCode error, String message) {
        this.transfer = transfer;
        this.error = error;
        this.message = message;
    }

    static TransferOutcome done(Transfer transfer) {
        return new TransferOutcome(transfer, null, null);
    }

    static TransferOutcome failed(ErrorCode error, String message) {
        return new TransferOutcome(null, error, message);
    }

    /** A grid failure in the attempt: rolled back, or (commit cut short) finished from the backup log. */
    static TransferOutcome retry(String message) {
        return new TransferOutcome(null, null, message);
    }

    boolean retryable() {
        return transfer == null && error == null;
    }

    String message() {
        return message;
    }

    /** The transfer, or the refusal thrown. */
    Transfer orThrow() {
        if (error != null) {
            throw StategridException.of(error, "%s", message);
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
        out.writeString(error == null ? null : error.name());
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
        String code = in.readString();
        error = code == null ? null : ErrorCode.valueOf(code);
        message = in.readString();
    }
}
