package io.stategrid.session;

import io.stategrid.StategridException;

import java.util.regex.Pattern;

/** Boundary checks for the names sessions are addressed by. */
final class Names {
    static final Pattern TENANT = Pattern.compile("^[A-Za-z0-9._\\-]{1,64}$");
    static final Pattern SESSION_ID = Pattern.compile("^[A-Za-z0-9_\\-]{22}$");
    static final int MAX_SUBJECT = 256;

    private Names() {
    }

    static void requireTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw StategridException.invalid("tenant must be 1-64 characters of [A-Za-z0-9._-], got '%s'", tenant);
        }
    }

    static void requireSubject(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw StategridException.invalid("subject must be 1-%d printable characters, got '%s'", MAX_SUBJECT, subject);
        }
    }
}
