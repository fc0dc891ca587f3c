package io.stategrid.persistence.codec;

/** Values that are JSON text already (cache values, tests): stored as they are, in the default tenant. */
public final class JsonTextCodec implements EntryCodec<String> {
    public static final JsonTextCodec INSTANCE = new JsonTextCodec();

    private JsonTextCodec() {}

    @Override
    public StoredRow encode(String key, String value) {
        return StoredRow.of(key, value);
    }

    @Override
    public String decode(StoredRow row) {
        return row.json();
    }
}
