package io.stategrid.edge.cache;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing what cache requests carry: TTLs like {@code 60s}, tag lists, media types, ETag preconditions. */
final class CacheRequests {
    private static final Pattern TTL = Pattern.compile("^(\\d{1,12})(ms|s|m|h|d)?$");
    private static final Pattern MEDIA_TYPE =
            Pattern.compile("^[a-z0-9][a-z0-9!#$&^_.+\\-]*/[a-z0-9][a-z0-9!#$&^_.+\\-]*$");

    private CacheRequests() {}

    /**
     * A TTL: a whole number with a unit ({@code 500ms}, {@code 60s}, {@code 5m}, {@code 2h}, {@code 1d});
     * without a unit, seconds. Null when absent.
     */
    static Duration ttl(String raw, String name) {
        if (raw == null) {
            return null;
        }
        Matcher m = TTL.matcher(raw.trim());
        if (!m.matches()) {
            throw StategridException.invalid(
                    "%s must be a whole number with an optional unit ms, s, m, h or d (like" + " 60s), got '%s'",
                    name, raw);
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration ttl = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(Math.min(amount, 1L << 40));
            case "h" -> Duration.ofHours(Math.min(amount, 1L << 30));
            case "d" -> Duration.ofDays(Math.min(amount, 1L << 20));
            default -> Duration.ofSeconds(amount);
        };
        if (ttl.isZero() || ttl.compareTo(CacheSpec.MAX_TTL) > 0) {
            throw StategridException.invalid(
                    "%s must be above 0 and at most %d days, got '%s'", name, CacheSpec.MAX_TTL.toDays(), raw);
        }
        return ttl;
    }

    /** Tags from repeated or comma-separated values ({@code ?tags=a,b&tags=c}); blanks are dropped. */
    static Set<String> tags(List<String> values) {
        Set<String> tags = new LinkedHashSet<>();
        for (String value : values) {
            for (String tag : value.split(",")) {
                if (!tag.isBlank()) {
                    tags.add(tag.trim());
                }
            }
        }
        return tags;
    }

    /**
     * The value's media type from {@code Content-Type}: JSON is stored as {@code application/json} (and
     * must be UTF-8); other types are kept as sent, parameters included.
     *
     * @throws StategridException {@code UNSUPPORTED_MEDIA_TYPE} when absent or malformed
     */
    static String contentType(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (header == null || header.isBlank()) {
            throw StategridException.of(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send a Content-Type with the value" + " (application/json, or any media type for bytes)");
        }
        String[] parts = header.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPE.matcher(type).matches()) {
            throw StategridException.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "malformed Content-Type '%s'", header);
        }
        if (!type.equals(CacheValue.JSON)) {
            return header.trim();
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")
                    && !parameter.equals("charset=utf-8")
                    && !parameter.equals("charset=\"utf-8\"")) {
                throw StategridException.of(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE, "JSON values must be UTF-8, got %s", header);
            }
        }
        return CacheValue.JSON;
    }

    /** Whether {@code If-None-Match} names {@code etag} (or is {@code *}): the client's copy is current. */
    static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")
                    || tag.equals(etag)
                    || (tag.startsWith("W/") && tag.substring(2).equals(etag))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Version and write time: a key's version starts again at 1 after a delete or an invalidation, so the
     * version alone could match an ETag of content that is long gone.
     */
    static String etag(CacheValue value) {
        return "\"" + value.version() + "-" + value.writtenAt().toEpochMilli() + "\"";
    }
}
