package io.stategrid.lock;

/**
 * A semaphore as it is now.
 *
 * @param name      its name
 * @param capacity  permits in all (as the last acquisition set it; 0 if never used)
 * @param available permits not held by a live lease
 * @param holders   live leases
 */
public record SemaphoreInfo(String name, int capacity, int available, int holders) {}
