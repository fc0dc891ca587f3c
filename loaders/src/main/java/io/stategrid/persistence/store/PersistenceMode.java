package io.stategrid.persistence.store;

/** How a persistent map writes to PostgreSQL. */
public enum PersistenceMode {
    /**
     * Acknowledge once the entry and its backup are in the grid; store in batches after the write
     * delay. Survives a member crash when the map has a backup (the backup's queue takes over).
     */
    WRITE_BEHIND,
    /** Acknowledge only after PostgreSQL has the row: slower, nothing queued anywhere. */
    WRITE_THROUGH
}
