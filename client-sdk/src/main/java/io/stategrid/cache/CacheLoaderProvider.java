package io.stategrid.cache;

/**
 * A custom read-through loader for caches configured with {@code loader: {provider: <name>}}: put an
 * implementation on the member's classpath and list it in
 * {@code META-INF/services/io.stategrid.cache.CacheLoaderProvider}.
 */
public interface CacheLoaderProvider {
    /** The name caches refer to. */
    String name();

    /** The loader for {@code cache}, created once per member. */
    CacheLoader create(CacheSpec cache);
}
