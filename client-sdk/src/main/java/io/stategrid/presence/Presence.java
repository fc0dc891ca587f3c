package io.stategrid.presence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Who is in a room (a document, a channel), with a small state each. Members that stop sending
 * heartbeats are removed after their timeout, and everyone listening hears they left. Each change is
 * one entry processor on the room's owner, which also removes timed-out members.
 */
public interface Presence {
    /** Joins (or rejoins) and answers everyone present, this member included. State: JSON, at most 1 KiB. */
    CompletionStage<List<PresenceMember>> join(
            String tenant, String room, String memberId, String subject, String state, Duration timeout);

    /** Replaces this member's state. {@code NOT_FOUND} if it is not present (timed out: join again). */
    CompletionStage<Void> update(String tenant, String room, String memberId, String state);

    /** Keeps this member present for another timeout. {@code NOT_FOUND} if it is not present. */
    CompletionStage<Void> heartbeat(String tenant, String room, String memberId);

    /** Leaves; false if it was not present. */
    CompletionStage<Boolean> leave(String tenant, String room, String memberId);

    /** Everyone present now (timed-out members removed first). */
    CompletionStage<List<PresenceMember>> members(String tenant, String room);

    /** Calls {@code listener} with every change of the room (on a Hazelcast event thread). Close to stop. */
    AutoCloseable listen(String tenant, String room, Consumer<PresenceEvent> listener);
}
