package io.stategrid.internal.cache;

/** The names of the cache maps, which persistence, metrics and tools use. Not public API. */
public final class CacheMaps {
    /** Each cache is a map of this prefix and its name ({@link #mapName}), key {@code tenant/generation/key}. */
    public static final String MAP_PREFIX = "stategrid-cache.";
    /** Cache name to its settings as {@link CacheSpecJson}, the registry every member and client reads. */
    public static final String SPECS = "stategrid-cache-specs";

    private CacheMaps() {}

    /** The map that holds {@code cache}. */
    public static String mapName(String cache) {
        return MAP_PREFIX + cache;
    }
}
