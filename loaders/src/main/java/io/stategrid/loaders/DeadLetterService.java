package io.stategrid.loaders;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.persistence.DeadLetterStore;
import io.stategrid.persistence.DeadLetter;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Lists dead letters and retries one by writing it back through its map, so it is stored again under
 * the usual rules (and dead-lettered again if it still cannot be). Runs on a member.
 */
final class DeadLetterService implements DeadLetterStore {
    private final PersistenceContext context;
    private final HazelcastInstance member;

    DeadLetterService(PersistenceContext context, HazelcastInstance member) {
        this.context = context;
        this.member = member;
    }

    @Override
    public List<DeadLetter> list(String map, long afterId, int limit) {
        try {
            return context.deadLetters().list(map, afterId, limit).stream()
                    .map(DeadLetterService::toApi)
                    .toList();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean retry(long id) {
        Optional<DeadLetters.DeadLetter> taken;
        try {
            taken = context.deadLetters().take(id);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        if (taken.isEmpty()) {
            return false;
        }
        DeadLetters.DeadLetter letter = taken.get();
        PersistentMapSpec<?> spec = context.spec(letter.mapName()).orElse(null);
        try {
            if (spec == null) {
                throw StategridException.invalid("map %s is not persistent on this cluster", letter.mapName());
            }
            if (letter.operation().equals("delete")) {
                member.getMap(letter.mapName()).delete(letter.key());
            } else {
                Object value = spec.codec().decode(StoredRow.of(letter.key(), letter.value()));
                member.getMap(letter.mapName()).set(letter.key(), value);
            }
            return true;
        } catch (RuntimeException e) {
            // Put it back with the new error rather than lose it.
            context.deadLetters()
                    .record(
                            letter.mapName(),
                            letter.key(),
                            letter.operation(),
                            letter.value(),
                            "retry failed: " + e.getMessage(),
                            letter.attempts() + 1);
            throw e instanceof StategridException se
                    ? se
                    : StategridException.of(
                            ErrorCode.INVALID_ARGUMENT,
                            "dead letter %d cannot be written back: %s",
                            id,
                            e.getMessage());
        }
    }

    private static DeadLetter toApi(DeadLetters.DeadLetter letter) {
        return new DeadLetter(
                letter.id(),
                letter.mapName(),
                letter.key(),
                letter.operation(),
                letter.value(),
                letter.error(),
                letter.attempts(),
                letter.createdAt());
    }

    private static StategridException unavailable(SQLException e) {
        return StategridException.of(ErrorCode.UNAVAILABLE, "PostgreSQL: %s", e.getMessage());
    }
}
