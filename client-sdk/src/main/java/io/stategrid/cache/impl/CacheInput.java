package io.stategrid.cache.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.internal.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Boundary checks of cache keys, tags and writes, with messages that name the bad value. */
final class CacheInput {
    static final int MAX_KEY = 512;
    static final int MAX_TAGS = 16;
    static final int MAX_TAG = 128;
    static final int MAX_CONTENT_TYPE = 128;

    private CacheInput() {}

    static void requireKey(String key) {
        if (!isKey(key)) {
            throw StategridException.invalid(
                    "cache key must be 1-%d printable characters, got '%s'",
                    MAX_KEY, key == null || key.length() <= 80 ? key : key.substring(0, 80) + "...");
        }
    }

    /** 1-{@value #MAX_KEY} characters, none a control character (a loop: every read checks its key). */
    static boolean isKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static void requireWrite(CacheSpec spec, String key, CacheWrite write) {
        if (write == null || write.value() == null) {
            throw StategridException.invalid("a value is required for cache key '%s'", key);
        }
        if (write.value().length > spec.maxValueBytes()) {
            throw StategridException.of(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "value of cache key '%s' takes %d bytes; cache %s" + " accepts at most %d",
                    key,
                    write.value().length,
                    spec.name(),
                    spec.maxValueBytes());
        }
        String type = write.contentType();
        if (type.isBlank() || type.length() > MAX_CONTENT_TYPE || type.chars().anyMatch(Character::isISOControl)) {
            throw StategridException.invalid(
                    "content type must be 1-%d printable characters, got '%s'", MAX_CONTENT_TYPE, type);
        }
        if (isJson(type)) {
            try {
                String text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(write.value()))
                        .toString();
                Json.readTree(text);
            } catch (CharacterCodingException e) {
                throw StategridException.invalid(
                        "value of cache key '%s' is not UTF-8 text but its content type is %s", key, type);
            } catch (StategridException e) {
                throw StategridException.invalid(
                        "value of cache key '%s' is %s (content type %s)", key, e.description(), type);
            }
        }
        requireTtl(write.ttl());
        if (write.tags().size() > MAX_TAGS) {
            throw StategridException.invalid(
                    "at most %d tags per entry, got %d", MAX_TAGS, write.tags().size());
        }
        write.tags().forEach(CacheInput::requireTag);
    }

    static void requireTag(String tag) {
        if (tag == null
                || tag.isEmpty()
                || tag.length() > MAX_TAG
                || tag.chars().anyMatch(Character::isISOControl)) {
            throw StategridException.invalid("a tag must be 1-%d printable characters, got '%s'", MAX_TAG, tag);
        }
    }

    static void requireTtl(Duration ttl) {
        if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(CacheSpec.MAX_TTL) > 0)) {
            throw StategridException.invalid("ttl must be > 0 and <= %s, got %s", CacheSpec.MAX_TTL, ttl);
        }
    }

    static boolean isJson(String contentType) {
        return contentType.equals(CacheValue.JSON) || contentType.startsWith(CacheValue.JSON + ";");
    }
}
