package io.stategrid.cache.impl;

import io.stategrid.cache.CacheStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Approximate most-read keys: a space-saving counter (Metwally et al.) over one read in
 * {@value #SAMPLE} (skipped while another thread records), so the hot path pays a random number and
 * rarely an uncontended lock. A key's count may be over-estimated by at most the smallest count held;
 * keys read often are never missed.
 */
final class HotKeys {
    static final int SAMPLE = 32;
    private final int capacity;
    private final Map<String, long[]> counts = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    HotKeys(int capacity) {
        this.capacity = capacity;
    }

    void read(String key) {
        // A sample that finds the counter busy is skipped: readers never wait on each other here (a
        // blocked reader, with more reader threads than cores, waits for a holder the scheduler paused).
        if (ThreadLocalRandom.current().nextInt(SAMPLE) == 0 && lock.tryLock()) {
            try {
                record(key);
            } finally {
                lock.unlock();
            }
        }
    }

    private void record(String key) {
        long[] count = counts.get(key);
        if (count != null) {
            count[0]++;
            return;
        }
        if (counts.size() < capacity) {
            counts.put(key, new long[] {1});
            return;
        }
        String smallest = null;
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            if (e.getValue()[0] < min) {
                min = e.getValue()[0];
                smallest = e.getKey();
            }
        }
        counts.remove(smallest);
        counts.put(key, new long[] {min + 1});
    }

    /** The top {@code n}, reads scaled back up from the sample. */
    List<CacheStats.HotKey> top(int n) {
        List<CacheStats.HotKey> all = new ArrayList<>();
        lock.lock();
        try {
            counts.forEach((k, c) -> all.add(new CacheStats.HotKey(k, c[0] * SAMPLE)));
        } finally {
            lock.unlock();
        }
        all.sort(Comparator.comparingLong(CacheStats.HotKey::reads).reversed());
        return all.size() > n ? List.copyOf(all.subList(0, n)) : List.copyOf(all);
    }
}
