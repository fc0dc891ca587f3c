package io.stategrid.edge.http;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error model of the edge: {@code {"error":{"code":"...","message":"..."}}} with the HTTP
 * status that belongs to the {@link ErrorCode}. Client mistakes are 4xx; only our own faults are 5xx.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    public static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case CONFLICT, FENCED -> 409;
            case VERSION_CONFLICT -> 412;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case RATE_LIMITED -> 429;
            case INTERNAL -> 500;
            case BACKPRESSURE, UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
        };
    }

    public static JsonObject body(ErrorCode code, String message) {
        return new JsonObject()
                .put("error", new JsonObject().put("code", code.name()).put("message", message));
    }

    /** Ends the response with the error body, unless it was already sent. */
    public static void send(RoutingContext ctx, StategridException error) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        ErrorCode code = error.code();
        response.setStatusCode(status(code)).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (code == ErrorCode.UNAUTHORIZED) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (code == ErrorCode.BACKPRESSURE || code == ErrorCode.UNAVAILABLE || code == ErrorCode.RATE_LIMITED) {
            response.putHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        response.end(body(code, error.description()).encode());
    }

    /**
     * The router's failure handler: every failure, whatever raised it, leaves as the JSON error.
     *
     * @param bodyLimit the configured body limit, named in 413 answers
     */
    public static Handler<RoutingContext> failureHandler(long bodyLimit) {
        return ctx -> {
            Throwable failure = ctx.failure();
            StategridException error;
            if (failure instanceof HttpPostRequestDecoder.TooLongFormFieldException || ctx.statusCode() == 413) {
                error = tooLarge(bodyLimit);
            } else if (failure instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
                error = StategridException.invalid("too many form fields; Stategrid routes take JSON bodies");
            } else if (failure instanceof DecoderException) {
                // Netty could not decode what the client sent (a broken form or chunk): the client's fault.
                error = StategridException.invalid("malformed request body: %s", failure.getMessage());
            } else if (failure != null) {
                error = StategridException.from(failure);
                if (error.code() == ErrorCode.INTERNAL) {
                    LOG.error("{} {} failed", ctx.request().method(), ctx.normalizedPath(), failure);
                    error = StategridException.of(ErrorCode.INTERNAL, "internal error");
                }
            } else {
                error = fromStatus(ctx.statusCode());
            }
            send(ctx, error);
        };
    }

    public static StategridException tooLarge(long bodyLimit) {
        return StategridException.of(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "request body exceeds the limit of %d bytes (edge.bodyLimitBytes)",
                bodyLimit);
    }

    /** For failures Vert.x raises by status alone (body too large, no route, wrong method). */
    public static StategridException fromStatus(int status) {
        return switch (status) {
            case 400 -> StategridException.invalid("bad request");
            case 401 -> StategridException.of(ErrorCode.UNAUTHORIZED, "authentication required");
            case 403 -> StategridException.of(ErrorCode.FORBIDDEN, "forbidden");
            case 404 -> StategridException.of(ErrorCode.NOT_FOUND, "no such route");
            case 405 -> StategridException.of(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this route");
            case 413 -> StategridException.of(ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds the configured limit");
            case 415 -> StategridException.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "unsupported content type");
            case 503 -> StategridException.of(ErrorCode.UNAVAILABLE, "service unavailable");
            default ->
                status >= 400 && status < 500
                        ? StategridException.invalid("request failed with status %d", status)
                        : StategridException.of(ErrorCode.INTERNAL, "internal error");
        };
    }
}
