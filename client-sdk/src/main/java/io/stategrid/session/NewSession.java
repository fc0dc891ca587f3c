package io.stategrid.session;

import io.stategrid.StategridException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link Sessions#create} needs. Build with {@link #builder(String, String)}; timeouts default to
 * {@link #DEFAULT_IDLE_TIMEOUT} and {@link #DEFAULT_MAX_LIFETIME}.
 */
public record NewSession(
        String tenant, String subject, Map<String, Object> attributes, Duration idleTimeout, Duration maxLifetime) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
    public static final Duration MAX_ALLOWED_LIFETIME = Duration.ofDays(365);
    private static final Pattern TENANT = Pattern.compile("^[A-Za-z0-9._\\-]{1,64}$");
    private static final int MAX_SUBJECT = 256;

    public NewSession {
        requireTenant(tenant);
        requireSubject(subject);
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        requireTimeout("idleTimeout", idleTimeout);
        requireTimeout("maxLifetime", maxLifetime);
    }

    /** As {@code Sessions} and every other tenant-scoped call: 1-64 characters of {@code [A-Za-z0-9._-]}. */
    private static void requireTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw StategridException.invalid("tenant must be 1-64 characters of [A-Za-z0-9._-], got '%s'", tenant);
        }
    }

    private static void requireSubject(String subject) {
        if (subject == null
                || subject.isBlank()
                || subject.length() > MAX_SUBJECT
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw StategridException.invalid(
                    "subject must be 1-%d printable characters, got '%s'", MAX_SUBJECT, subject);
        }
    }

    private static void requireTimeout(String name, Duration value) {
        if (value == null || value.toSeconds() < 1 || value.compareTo(MAX_ALLOWED_LIFETIME) > 0) {
            throw io.stategrid.StategridException.invalid("%s must be between 1 s and 365 days, got %s", name, value);
        }
    }

    public static Builder builder(String tenant, String subject) {
        return new Builder(tenant, subject);
    }

    public static final class Builder {
        private final String tenant;
        private final String subject;
        private Map<String, Object> attributes = Map.of();
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;

        private Builder(String tenant, String subject) {
            this.tenant = tenant;
            this.subject = subject;
        }

        public Builder attributes(Map<String, Object> attributes) {
            this.attributes = attributes;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        public NewSession build() {
            return new NewSession(tenant, subject, attributes, idleTimeout, maxLifetime);
        }
    }
}
