package io.stategrid.presence;

import java.time.Instant;

/**
 * Someone present in a room.
 *
 * @param memberId  unique per connection (the edge uses one per socket)
 * @param subject   who (the JWT subject at the edge)
 * @param state     a small JSON value: cursor, selection, typing…
 * @param lastSeen  the member clock's time of the last join, update or heartbeat
 */
public record PresenceMember(String memberId, String subject, String state, Instant lastSeen) {}
