package io.stategrid.presence;

/**
 * A change of a room's presence.
 *
 * @param room   the room ({@code doc:<id>} or {@code channel:<name>} at the edge)
 * @param kind   {@code joined}, {@code updated} or {@code left}
 * @param member the member as it is now (as it was, for left)
 * @param reason for left: {@code leave} or {@code timeout}
 */
public record PresenceEvent(String room, String kind, PresenceMember member, String reason) {}
