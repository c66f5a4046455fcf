package dev.decisioning.server.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The body of every error response: {@code {"error": {"code", "message", "details": [...]}}}. */
public record ErrorEnvelope(Body error) {

    public record Body(String code, String message, List<Detail> details) {
    }

    /** Where the problem is: a request field, or a rule file and line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String field, String file, Integer line, String problem) {

        public static Detail field(String field, String problem) {
            return new Detail(field, null, null, problem);
        }
    }

    public static ErrorEnvelope of(String code, String message, List<Detail> details) {
        return new ErrorEnvelope(new Body(code, message, List.copyOf(details)));
    }
}
