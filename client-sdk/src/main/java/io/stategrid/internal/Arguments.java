package io.stategrid.internal;

import io.stategrid.StategridException;

/** Boundary checks of SDK arguments: a caller's mistake is INVALID_ARGUMENT, never an NPE. Not public API. */
public final class Arguments {
    private Arguments() {}

    public static <T> T present(T value, String name) {
        if (value == null) {
            throw StategridException.invalid("%s is required", name);
        }
        return value;
    }
}
