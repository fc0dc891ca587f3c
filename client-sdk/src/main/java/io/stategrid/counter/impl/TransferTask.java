package io.stategrid.counter.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.transaction.TransactionContext;
import com.hazelcast.transaction.TransactionOptions;
import com.hazelcast.transaction.TransactionalMap;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.counter.Transfer;
import io.stategrid.internal.Failure;
import io.stategrid.internal.counter.CounterMaps;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at a transfer, as a TWO_PHASE transaction (durability 1) coordinated by the member that
 * runs this task on its {@value GridTransfers#EXECUTOR} executor, a blocking pool that is neither a
 * partition thread nor an event loop. A member, not the client, coordinates on purpose: Hazelcast
 * finishes a member's prepared transaction from the backup log when that member dies (commit if it was
 * committing, else roll back), but keeps a client's transaction until the client leaves the whole
 * cluster, so its locks stay held until their lease runs out and a commit cut short stays half done.
 *
 * <p>Locks are taken transfer id first, then the two counters in key order: one global order, so
 * transfers never wait on each other in a cycle. The id is recorded with the balances in the same
 * transaction, so a repeat finds it instead of applying twice. Never throws: refusals and grid failures
 * come back as a {@link TransferOutcome} (a client sees a member's exceptions as text only).
 */
final class TransferTask implements Callable<TransferOutcome>, HazelcastInstanceAware, IdentifiedDataSerializable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferTask.class);
    /**
     * Bounds one attempt, including its lock waits; also the lease of its locks should its coordinator
     * vanish without a backup log to finish it.
     */
    static final long TIMEOUT_MILLIS = 5_000;

    private String tenant;
    private String id;
    private String from;
    private String to;
    private long amount;
    private boolean allowNegative;
    private boolean firstAttempt;
    private transient HazelcastInstance member;

    TransferTask() {}

    TransferTask(
            String tenant,
            String id,
            String from,
            String to,
            long amount,
            boolean allowNegative,
            boolean firstAttempt) {
        this.tenant = tenant;
        this.id = id;
        this.from = from;
        this.to = to;
        this.amount = amount;
        this.allowNegative = allowNegative;
        this.firstAttempt = firstAttempt;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public TransferOutcome call() {
        TransactionContext tx;
        try {
            tx = member.newTransactionContext(new TransactionOptions()
                    .setTransactionType(TransactionOptions.TransactionType.TWO_PHASE)
                    .setDurability(1)
                    .setTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            tx.beginTransaction();
        } catch (RuntimeException e) {
            return TransferOutcome.retry(e.toString());
        }
        boolean finished = false;
        try {
            TransferOutcome outcome = run(tx);
            finished = true;
            return outcome;
        } catch (StategridException refused) {
            return TransferOutcome.failed(Failure.of(refused));
        } catch (RuntimeException e) {
            // Lock timeouts, a lock lost with its partition owner, a member gone: another attempt may pass.
            return TransferOutcome.retry(e.toString());
        } finally {
            if (!finished) {
                rollbackQuietly(tx);
            }
        }
    }

    private TransferOutcome run(TransactionContext tx) {
        String idKey = CounterMaps.key(tenant, id);
        String fromKey = CounterMaps.key(tenant, from);
        String toKey = CounterMaps.key(tenant, to);
        TransactionalMap<String, TransferRecord> ids = tx.getMap(CounterMaps.TRANSFERS);
        TransactionalMap<String, Long> counters = tx.getMap(CounterMaps.MAP);
        TransferRecord earlier = ids.getForUpdate(idKey);
        if (earlier != null) {
            tx.rollbackTransaction();
            // On a later attempt the record is most likely this call's own earlier attempt, whose outcome was unknown.
            return TransferOutcome.done(earlier.answer(id, from, to, amount, firstAttempt));
        }
        boolean fromFirst = fromKey.compareTo(toKey) < 0;
        Long first = counters.getForUpdate(fromFirst ? fromKey : toKey);
        Long second = counters.getForUpdate(fromFirst ? toKey : fromKey);
        long fromBalance = valueOf(fromFirst ? first : second);
        long toBalance = valueOf(fromFirst ? second : first);
        long fromAfter;
        long toAfter;
        try {
            fromAfter = Math.subtractExact(fromBalance, amount);
            toAfter = Math.addExact(toBalance, amount);
        } catch (ArithmeticException overflow) {
            throw StategridException.invalid(
                    "transfer of %d from '%s' (at %d) to '%s' (at %d) would overflow a long",
                    amount, from, fromBalance, to, toBalance);
        }
        if (fromAfter < 0 && !allowNegative) {
            throw StategridException.of(
                    ErrorCode.CONFLICT,
                    "transfer of %d from '%s' refused: its balance is %d and" + " negative balances are not allowed",
                    amount,
                    from,
                    fromBalance);
        }
        counters.set(fromKey, fromAfter);
        counters.set(toKey, toAfter);
        ids.put(
                idKey,
                new TransferRecord(from, to, amount, fromAfter, toAfter),
                Transfer.ID_RETENTION.toMillis(),
                TimeUnit.MILLISECONDS);
        // TWO_PHASE: prepare (locks extended and copied to backups, log copied to a second member), then commit.
        // A failed prepare throws and nothing was committed; failures after it are completed from the log.
        tx.commitTransaction();
        return TransferOutcome.done(new Transfer(id, from, to, amount, fromAfter, toAfter, false));
    }

    private static long valueOf(Long value) {
        return value == null ? 0 : value;
    }

    private static void rollbackQuietly(TransactionContext tx) {
        try {
            tx.rollbackTransaction();
        } catch (RuntimeException e) {
            LOG.debug("rollback of transaction {} failed: {}", tx.getTxnId(), e.toString());
        }
    }

    @Override
    public int getFactoryId() {
        return CounterSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializers.TRANSFER_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(id);
        out.writeString(from);
        out.writeString(to);
        out.writeLong(amount);
        out.writeBoolean(allowNegative);
        out.writeBoolean(firstAttempt);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        id = in.readString();
        from = in.readString();
        to = in.readString();
        amount = in.readLong();
        allowNegative = in.readBoolean();
        firstAttempt = in.readBoolean();
    }
}
