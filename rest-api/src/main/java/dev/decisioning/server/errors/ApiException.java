package dev.decisioning.server.errors;

import java.util.List;

/** A failure the HTTP layer itself decides on (authorization, request shape), with its status and code. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<ErrorEnvelope.Detail> details;

    public ApiException(int status, String code, String message, List<ErrorEnvelope.Detail> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<ErrorEnvelope.Detail> details() {
        return details;
    }
}
