package io.stategrid.document;

/**
 * The answer to a submitted op.
 *
 * @param version   the version the op produced (for a duplicate, the version it produced the first time)
 * @param duplicate true when this {@code clientId}/{@code clientSeq} had been applied before and nothing
 *                  was applied now
 * @param op        the op as it was applied, after transformation against the ops since its base
 *                  (JSON text); null for a duplicate whose op is no longer held
 */
public record Ack(long version, boolean duplicate, String op) {}
