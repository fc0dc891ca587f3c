package io.stategrid.cache;

/**
 * How far a bulk warm-up is.
 *
 * @param total  rows the warm-up query will bring, or -1 while unknown
 * @param loaded rows written to the cache so far
 * @param done   whether it has finished
 */
public record WarmUpProgress(String cache, long total, long loaded, boolean done) {}
