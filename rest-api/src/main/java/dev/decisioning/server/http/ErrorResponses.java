package dev.decisioning.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.decisioning.engine.BudgetExceededException;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.FilesDroppedException;
import dev.decisioning.engine.RuleSetArchivedException;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.VersionConflictException;
import dev.decisioning.engine.request.RequestJson;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.RuleSetNotServingException;
import dev.decisioning.engine.UnknownRuleSetException;
import dev.decisioning.engine.UnknownVersionException;
import dev.decisioning.engine.PublishingUnavailableException;
import dev.decisioning.engine.store.StoreWriteException;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.errors.ErrorEnvelope;
import dev.decisioning.server.wire.ETags;
import dev.decisioning.server.ops.CallRecord;
import dev.decisioning.server.ops.RequestIds;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The router's failure handler: the one place where failures become HTTP statuses and error envelopes.
 * Nothing of a stack trace reaches the client; unexpected failures are logged here with an id the client sees.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiJson.UnreadableBodyException unreadable) {
            failure = unreadable.getCause();
        }
        if (failure == null) {
            respondToStatus(ctx, ctx.statusCode());
            return;
        }
        if (failure instanceof HttpClosedException) {
            return; // the connection is gone (closed by the client, or by the server's request timeout): no one to tell
        }
        RequestJson.NumberOutOfRangeException outOfRange = causeOf(failure, RequestJson.NumberOutOfRangeException.class);
        InputCoercionException coercion = causeOf(failure, InputCoercionException.class);
        if (outOfRange != null) {
            send(ctx, 400, ErrorCodes.INVALID_REQUEST, outOfRange.getOriginalMessage(),
                    List.of(ErrorEnvelope.Detail.field(outOfRange.field(), outOfRange.problem())));
        } else if (coercion != null) {
            // A whole number too large for its field: Jackson reports it as a parse error, but it is the field's.
            String field = failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? fieldPath(mapping.getPath())
                    : coercion.getProcessor() != null ? RequestJson.fieldAt(coercion.getProcessor()) : null;
            String problem = "is out of range for a " + describe(coercion.getTargetType());
            send(ctx, 400, ErrorCodes.INVALID_REQUEST, (field == null ? "a number" : "field '" + field + "'") + " "
                    + problem, List.of(ErrorEnvelope.Detail.field(field, problem)));
        } else if (failure instanceof BudgetExceededException e) {
            ctx.response().putHeader("Retry-After", "1");
            send(ctx, 503, ErrorCodes.BUDGET_EXCEEDED, e.getMessage(), List.of(new ErrorEnvelope.Detail(null,
                    e.ruleSet(), null, e.element() == null ? e.limit().name().toLowerCase(java.util.Locale.ROOT)
                    + " budget" : "stopped in '" + e.element() + "'")));
        } else if (failure instanceof ApiException e) {
            send(ctx, e.status(), e.code(), e.getMessage(), e.details());
        } else if (failure instanceof UnknownRuleSetException e) {
            send(ctx, 404, ErrorCodes.UNKNOWN_RULESET, e.getMessage(), List.of());
        } else if (failure instanceof VersionConflictException e) {
            versionConflict(ctx, e);
        } else if (failure instanceof FilesDroppedException e) {
            send(ctx, 422, ErrorCodes.FILES_DROPPED, "this publish lacks " + e.dropped().size() + " file(s) of version "
                    + e.baseVersion() + " of '" + e.ruleSet() + "', the version it builds on: "
                    + String.join(", ", e.dropped()) + ". Nothing changed. Send every file, publish one file with "
                    + "?file=NAME, or add ?dropFiles=true to leave them out of the new version", e.dropped().stream()
                    .map(file -> new ErrorEnvelope.Detail(null, file, null, "in version " + e.baseVersion()
                            + ", not in this publish")).toList());
        } else if (failure instanceof RuleSetArchivedException e) {
            // Gone on purpose, not mistyped: a channel app can tell retired rule sets from wrong names.
            send(ctx, 410, ErrorCodes.RULESET_ARCHIVED, e.getMessage(), List.of());
        } else if (failure instanceof RuleSetNotServingException e) {
            send(ctx, 409, ErrorCodes.RULESET_NOT_SERVING, e.getMessage(), fileDetails(e.messages()));
        } else if (failure instanceof UnknownVersionException e) {
            send(ctx, 404, ErrorCodes.UNKNOWN_VERSION, e.getMessage(), List.of());
        } else if (failure instanceof StoreWriteException e) {
            LOG.atError().addKeyValue("requestId", RequestIds.of(ctx))
                    .log("store write failed on {} {} (request {}): {}", ctx.request().method(), ctx.request().path(),
                            RequestIds.of(ctx), e.getMessage());
            send(ctx, 507, ErrorCodes.INSUFFICIENT_STORAGE, storageMessage(e), List.of());
        } else if (failure instanceof PublishingUnavailableException e) {
            send(ctx, 409, ErrorCodes.PUBLISHING_DISABLED, e.getMessage(), List.of());
        } else if (failure instanceof InvalidRequestException e) {
            send(ctx, 400, ErrorCodes.INVALID_REQUEST, e.getMessage(), e.problems().stream()
                    .map(p -> ErrorEnvelope.Detail.field(p.source(), p.text())).toList());
        } else if (failure instanceof ApiJson.EmptyBodyException) {
            send(ctx, 400, ErrorCodes.MALFORMED_JSON, failure.getMessage(), List.of());
        } else if (failure instanceof DatabindException e && !(e.getCause() instanceof StreamReadException)) {
            invalidField(ctx, e);
        } else if (failure instanceof JsonProcessingException e) {
            // Syntax errors met inside a free-form map arrive wrapped in a mapping exception: report the cause.
            if (e.getCause() instanceof StreamReadException cause) {
                e = cause;
            }
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            send(ctx, 400, ErrorCodes.MALFORMED_JSON, "the request body is not valid JSON" + where,
                    List.of(new ErrorEnvelope.Detail(null, null,
                            e.getLocation() == null ? null : e.getLocation().getLineNr(), plainJacksonText(e))));
        } else {
            String incident = Long.toHexString(System.nanoTime());
            LOG.atError().addKeyValue("requestId", RequestIds.of(ctx)).addKeyValue("incident", incident)
                    .setCause(failure).log("unexpected failure {} on {} {} (request {})", incident,
                            ctx.request().method(), ctx.request().path(), RequestIds.of(ctx));
            send(ctx, 500, ErrorCodes.INTERNAL_ERROR, "unexpected server error, incident " + incident, List.of());
        }
    }

    /**
     * 409: the version named is not the current one. The message says what is current; each detail one change made
     * since, who made it and when; the {@code ETag} header names the current version to build on instead.
     */
    private static void versionConflict(RoutingContext ctx, VersionConflictException e) {
        RuleSetVersion current = e.current();
        if (current != null) {
            ctx.response().putHeader("ETag", ETags.of(current.ruleSet(), current.number(), current.hash()));
        }
        String advice = switch (e.kind()) {
            case NEWEST -> current == null ? "" : ". Build your change on version " + current.number()
                    + " and publish again with If-Match: " + ETags.of(current.ruleSet(), current.number(),
                    current.hash());
            case ACTIVE -> current == null ? "" : ". Check version " + current.number() + " and activate again with "
                    + "If-Match: " + ETags.of(current.ruleSet(), current.number(), current.hash());
            case EXISTS -> ". Publish to it without If-None-Match to add a version, or choose another name";
        };
        List<ErrorEnvelope.Detail> details = new java.util.ArrayList<>();
        details.add(ErrorEnvelope.Detail.field(e.kind() == VersionConflictException.Kind.EXISTS
                ? "If-None-Match" : "If-Match", e.kind() == VersionConflictException.Kind.EXISTS
                ? "the rule set exists" : current == null ? "the rule set has no "
                + (e.kind() == VersionConflictException.Kind.ACTIVE ? "active" : "stored") + " version"
                : "the current version is " + ETags.of(current.ruleSet(), current.number(), current.hash())));
        e.since().forEach(change -> details.add(new ErrorEnvelope.Detail(null, null, null, change)));
        send(ctx, 409, ErrorCodes.VERSION_CONFLICT, e.getMessage() + advice, details);
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** What a client reads when the store could not write: why, and that nothing changed. */
    public static String storageMessage(StoreWriteException e) {
        return (e.outOfSpace() ? "the server's disk is full: " : "the server could not write to its data directory: ")
                + "the change was not stored and nothing changed";
    }

    /** Jackson's text without its "[Source: REDACTED ...]" aside, which means nothing to a client. */
    private static String plainJacksonText(JsonProcessingException e) {
        return e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
    }

    /** Failures that come with a status only: routing misses, body limits. */
    private static void respondToStatus(RoutingContext ctx, int status) {
        switch (status) {
            case 404 -> send(ctx, 404, ErrorCodes.NOT_FOUND, "no endpoint " + ctx.request().method() + " "
                    + ctx.request().path(), List.of());
            case 405 -> send(ctx, 405, ErrorCodes.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed on "
                    + ctx.request().path(), List.of());
            case 413 -> send(ctx, 413, ErrorCodes.PAYLOAD_TOO_LARGE, "the request body is too large", List.of());
            case 400 -> send(ctx, 400, ErrorCodes.INVALID_REQUEST, "bad request", List.of());
            default -> send(ctx, status < 400 ? 500 : status, ErrorCodes.INTERNAL_ERROR, "request failed", List.of());
        }
    }

    private static void invalidField(RoutingContext ctx, DatabindException e) {
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping.getPath()) : null;
        String problem;
        if (e instanceof UnrecognizedPropertyException unknown) {
            problem = "unknown field '" + RequestJson.quoted(unknown.getPropertyName()) + "'";
        } else if (e instanceof InvalidNullException) {
            problem = "must not be null";
        } else if (e instanceof InvalidFormatException format) {
            problem = "'" + RequestJson.quoted(format.getValue()) + "' is not a valid " + describe(format.getTargetType());
        } else if (e instanceof MismatchedInputException mismatch) {
            problem = "expected " + describe(mismatch.getTargetType());
        } else {
            problem = e.getOriginalMessage();
        }
        send(ctx, 400, ErrorCodes.INVALID_REQUEST,
                (field == null ? "the request" : "field '" + field + "'") + ": " + problem,
                List.of(ErrorEnvelope.Detail.field(field, problem)));
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            List<String> codes = java.util.Arrays.stream(constants).map(ErrorResponses::code).toList();
            return "value; one of " + codes;
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return type == Integer.class || type == int.class ? "whole number" : "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean (true or false)";
        }
        if (type.getName().startsWith("java.time.")) {
            return type.getSimpleName().equals("LocalDate") ? "date (YYYY-MM-DD)"
                    : "ISO-8601 instant (e.g. 2026-11-22T10:00:00Z)";
        }
        if (type == String.class) {
            return "string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "array";
        }
        return "object";
    }

    private static String code(Object constant) {
        try {
            return String.valueOf(constant.getClass().getMethod("code").invoke(constant));
        } catch (ReflectiveOperationException e) {
            return constant.toString();
        }
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? null : field.toString();
    }

    /** Messages about rule files as envelope details: errors only, each with its file and line. */
    public static List<ErrorEnvelope.Detail> fileDetails(List<DecisionMessage> messages) {
        return messages.stream().filter(DecisionMessage::blocking)
                .map(m -> new ErrorEnvelope.Detail(null, m.source(), m.line(), m.text())).toList();
    }

    private static void send(RoutingContext ctx, int status, String code, String message,
                             List<ErrorEnvelope.Detail> details) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        CallRecord.of(ctx).errorCode(code);
        response.setStatusCode(status).putHeader("content-type", "application/json")
                .end(ApiJson.write(ErrorEnvelope.of(code, message, details)));
    }
}
