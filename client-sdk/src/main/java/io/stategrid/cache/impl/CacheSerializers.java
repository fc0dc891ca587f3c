package io.stategrid.cache.impl;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.cache.CacheEntry;

/**
 * Hazelcast's IdentifiedDataSerializable for cache entries, processors, answers and events (a cache
 * read is the hottest path there is). Registered on every member and client by {@link CacheModule}.
 */
final class CacheSerializers implements DataSerializableFactory {
    static final int FACTORY_ID = CacheEntry.FACTORY_ID;
    static final int EVENT = 1;
    static final int ENTRY = CacheEntry.CLASS_ID;
    static final int REPLY = 3;
    static final int STORE = 4;
    static final int WRITE = 5;
    static final int DELETE = 6;
    static final int READ = 7;
    static final int CLAIM = 8;
    static final int FINISH = 9;
    static final int TAG_SET = 10;
    static final int UPDATE_TAG = 11;
    static final int BUMP = 12;
    static final int WATERMARK = 13;
    static final int STATS_TASK = 14;
    static final int SNAPSHOT = 15;
    static final int WARM_UP_TASK = 16;
    static final int WARM_UP_EVENT = 17;
    static final int WARM_UP_STARTED = 18;
    static final int LOAD_TASK = 19;
    static final int LOADED = 20;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case EVENT -> new CacheEvent();
            case ENTRY -> new CacheEntry();
            case REPLY -> new CacheReply();
            case STORE -> new StoreEntries();
            case WRITE -> new WriteEntries();
            case DELETE -> new DeleteEntry();
            case READ -> new ReadEntry();
            case CLAIM -> new ClaimLoad();
            case FINISH -> new FinishLoad();
            case TAG_SET -> new TagSet();
            case UPDATE_TAG -> new UpdateTag();
            case BUMP -> new BumpGeneration();
            case WATERMARK -> new Watermark();
            case STATS_TASK -> new CacheStatsTask();
            case SNAPSHOT -> new CacheCounters.Snapshot();
            case WARM_UP_TASK -> new WarmUpTask();
            case WARM_UP_EVENT -> new WarmUpTask.Event();
            case WARM_UP_STARTED -> new WarmUpTask.Started();
            case LOAD_TASK -> new CacheLoadTask();
            case LOADED -> new CacheLoadTask.Loaded();
            default -> null;
        };
    }
}
