package io.stategrid.edge.document;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Parsing what document requests carry: UTF-8 bodies, media types, whole-number parameters, headers. */
final class DocumentRequests {
    private DocumentRequests() {}

    static String mediaType(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (header == null) {
            return "none";
        }
        String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")
                    && !parameter.equals("charset=utf-8")
                    && !parameter.equals("charset=\"utf-8\"")) {
                throw StategridException.of(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE, "only UTF-8 bodies are accepted, got %s", header);
            }
        }
        return parts[0].trim().toLowerCase(Locale.ROOT);
    }

    static void requireMediaType(RoutingContext ctx, String expected) {
        String actual = mediaType(ctx);
        if (!actual.equals(expected)) {
            throw StategridException.of(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send this document as %s, got %s%s",
                    expected,
                    actual,
                    expected.equals("text/plain") ? "" : " (use ?type=text for text documents)");
        }
    }

    /** The body as text, refusing bytes that are not UTF-8 rather than replacing them. */
    static String utf8(RoutingContext ctx) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(
                            ctx.body().buffer() == null
                                    ? new byte[0]
                                    : ctx.body().buffer().getBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw StategridException.invalid("the body is not valid UTF-8");
        }
    }

    static long positive(String name, String value) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw StategridException.invalid("%s must be a whole number >= 1, got '%s'", name, value);
    }

    static String trimmed(String header) {
        return header == null ? null : header.trim();
    }
}
