package io.stategrid.persistence.deadletter;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.persistence.DeadLetterStore;
import io.stategrid.persistence.DeadLetter;
import io.stategrid.persistence.codec.EntryCodec;
import io.stategrid.persistence.codec.StoredRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Lists dead letters and retries one by writing it back through its map, so it is stored again under
 * the usual rules (and dead-lettered again if it still cannot be). Runs on a member.
 */
public final class DeadLetterService implements DeadLetterStore {
    private final DeadLetters deadLetters;
    private final Function<String, Optional<EntryCodec<?>>> codecs;
    private final HazelcastInstance member;

    /**
     * @param codecs the codec of each persistent map by name (empty for a map that is not persistent),
     *               to turn a dead letter's value back into the map's value
     */
    public DeadLetterService(
            DeadLetters deadLetters, Function<String, Optional<EntryCodec<?>>> codecs, HazelcastInstance member) {
        this.deadLetters = deadLetters;
        this.codecs = codecs;
        this.member = member;
    }

    @Override
    public List<DeadLetter> list(String map, long afterId, int limit) {
        try {
            return deadLetters.list(map, afterId, limit).stream()
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
            taken = deadLetters.take(id);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        if (taken.isEmpty()) {
            return false;
        }
        DeadLetters.DeadLetter letter = taken.get();
        EntryCodec<?> codec = codecs.apply(letter.mapName()).orElse(null);
        try {
            if (codec == null) {
                throw StategridException.invalid("map %s is not persistent on this cluster", letter.mapName());
            }
            if (letter.operation().equals("delete")) {
                member.getMap(letter.mapName()).delete(letter.key());
            } else {
                Object value = codec.decode(StoredRow.of(letter.key(), letter.value()));
                member.getMap(letter.mapName()).set(letter.key(), value);
            }
            return true;
        } catch (RuntimeException e) {
            // Put it back with the new error rather than lose it.
            deadLetters.record(
                    letter.mapName(),
                    letter.key(),
                    letter.operation(),
                    letter.value(),
                    "retry failed: " + (e instanceof StategridException known ? known.description() : e.getMessage()),
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
