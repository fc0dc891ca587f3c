package io.stategrid.counter;

import io.stategrid.StategridException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a {@link Counters#transfer} behaves: whether {@code from} may go below zero (default: no) and an
 * optional caller-chosen transfer id that makes retries idempotent (1–128 characters of
 * {@code [A-Za-z0-9._:-]}). Immutable.
 */
public final class TransferOptions {
    private static final Pattern TRANSFER_ID = Pattern.compile("^[A-Za-z0-9._:\\-]{1,128}$");

    /** Negative balances forbidden, a transfer id generated per call. */
    public static final TransferOptions DEFAULT = builder().build();

    private final boolean allowNegative;
    private final String transferId;

    private TransferOptions(Builder builder) {
        this.allowNegative = builder.allowNegative;
        this.transferId = builder.transferId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code from} may end below zero. */
    public boolean allowNegative() {
        return allowNegative;
    }

    /** The caller's transfer id; empty when each call gets a fresh one. */
    public Optional<String> transferId() {
        return Optional.ofNullable(transferId);
    }

    @Override
    public String toString() {
        return "TransferOptions[allowNegative=" + allowNegative + ", transferId=" + transferId + "]";
    }

    public static final class Builder {
        private boolean allowNegative;
        private String transferId;

        private Builder() {}

        public Builder allowNegative(boolean allowNegative) {
            this.allowNegative = allowNegative;
            return this;
        }

        /**
         * @throws io.stategrid.StategridException with {@code INVALID_ARGUMENT} naming the id when it is not 1–128
         *                            characters of {@code [A-Za-z0-9._:-]}
         */
        public Builder transferId(String transferId) {
            if (transferId == null || !TRANSFER_ID.matcher(transferId).matches()) {
                throw StategridException.invalid(
                        "transfer id must be 1-128 characters of [A-Za-z0-9._:-], got '%s'", transferId);
            }
            this.transferId = transferId;
            return this;
        }

        public TransferOptions build() {
            return new TransferOptions(this);
        }
    }
}
