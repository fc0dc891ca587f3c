package io.stategrid.channel;

import java.time.Instant;

/**
 * A message of a channel.
 *
 * @param channel the channel's name
 * @param id      assigned by the server: 1, 2, 3… per channel, so a gap or a repeat is visible
 * @param at      when the server accepted it (member clock)
 * @param from    who published it (the JWT subject at the edge)
 * @param data    the payload, JSON text
 */
public record ChannelMessage(String channel, long id, Instant at, String from, String data) {}
