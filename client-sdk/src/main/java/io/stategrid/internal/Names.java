package io.stategrid.internal;

import io.stategrid.StategridException;
import java.util.regex.Pattern;

/** The one place that says what tenants, subjects, session ids and other names look like. Not public API. */
public final class Names {
    private static final Pattern SESSION_ID = Pattern.compile("^[A-Za-z0-9_\\-]{22}$");
    private static final Pattern DOCUMENT_ID = Pattern.compile("^[A-Za-z0-9._~\\-]{1,128}$");
    /** Counters and transfer ids share the lock-name alphabet: ':' lets callers namespace them (acct:42). */
    private static final Pattern COUNTER = Pattern.compile("^[A-Za-z0-9._:\\-]{1,128}$");

    private static final int MAX_SUBJECT = 256;

    private Names() {}

    /** {@code [A-Za-z0-9._-]{1,64}}, checked by a loop rather than {@code TENANT}: every cache read checks one. */
    public static boolean isTenant(String tenant) {
        if (tenant == null || tenant.isEmpty() || tenant.length() > 64) {
            return false;
        }
        for (int i = 0; i < tenant.length(); i++) {
            char c = tenant.charAt(i);
            if (!((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public static void requireTenant(String tenant) {
        if (!isTenant(tenant)) {
            throw StategridException.invalid("tenant must be 1-64 characters of [A-Za-z0-9._-], got '%s'", tenant);
        }
    }

    public static void requireSubject(String subject) {
        if (subject == null
                || subject.isBlank()
                || subject.length() > MAX_SUBJECT
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw StategridException.invalid(
                    "subject must be 1-%d printable characters, got '%s'", MAX_SUBJECT, subject);
        }
    }

    public static void requireRateLimitKey(String key) {
        if (key == null
                || key.isEmpty()
                || key.length() > MAX_SUBJECT
                || key.chars().anyMatch(Character::isISOControl)) {
            throw StategridException.invalid(
                    "rate limit key must be 1-%d printable characters, got '%s'", MAX_SUBJECT, key);
        }
    }

    public static void requireSessionId(String id) {
        if (id == null || !SESSION_ID.matcher(id).matches()) {
            throw StategridException.invalid("session id must be 22 characters of [A-Za-z0-9_-], got '%s'", id);
        }
    }

    public static void requireDocumentId(String id) {
        if (id == null || !DOCUMENT_ID.matcher(id).matches()) {
            throw StategridException.invalid("document id must be 1-128 characters of [A-Za-z0-9._~-], got '%s'", id);
        }
    }

    public static void requireChannel(String name) {
        if (name == null || !DOCUMENT_ID.matcher(name).matches()) {
            throw StategridException.invalid(
                    "channel name must be 1-128 characters of [A-Za-z0-9._~-], got '%s'", name);
        }
    }

    public static void requireCounter(String name) {
        if (name == null || !COUNTER.matcher(name).matches()) {
            throw StategridException.invalid(
                    "counter name must be 1-128 characters of [A-Za-z0-9._:-], got '%s'", name);
        }
    }

    public static void requireTransferId(String id) {
        if (id == null || !COUNTER.matcher(id).matches()) {
            throw StategridException.invalid("transfer id must be 1-128 characters of [A-Za-z0-9._:-], got '%s'", id);
        }
    }
}
