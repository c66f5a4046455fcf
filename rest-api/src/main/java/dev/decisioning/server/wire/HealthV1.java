package dev.decisioning.server.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;

import java.util.List;

/**
 * {@code GET /health}, {@code /health/live} and {@code /health/ready}: {@code UP} or {@code DOWN} ({@code status} and
 * {@code outcome} always agree), with the checks that say so.
 */
public record HealthV1(String status, List<Check> checks, String outcome) implements WireAnswer {
    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    /** Readiness: up while at least one rule set serves; the rule sets that keep running past their budget listed. */
    public static HealthV1 from(List<RuleSetSummary> ruleSets, boolean ready) {
        List<String> degraded = ruleSets.stream().filter(r -> r.state() == RuleSetState.DEGRADED)
                .map(RuleSetSummary::name).toList();
        return of(new Check("rulesets", ready ? UP : DOWN, new Data(degraded)));
    }

    /** Liveness: the process answers HTTP. */
    public static HealthV1 live() {
        return of(new Check("http", UP, null));
    }

    private static HealthV1 of(Check check) {
        return of(List.of(check));
    }

    /** Up when every check is up. */
    public static HealthV1 of(List<Check> checks) {
        String status = checks.stream().allMatch(c -> UP.equals(c.status())) ? UP : DOWN;
        return new HealthV1(status, List.copyOf(checks), status);
    }

    /** True when the answer is {@code UP}: {@code 200}; otherwise {@code 503}. */
    @JsonIgnore
    public boolean up() {
        return UP.equals(status);
    }

    /** One check; {@code data} left out when it has none. */
    public record Check(String id, String status, @JsonInclude(JsonInclude.Include.NON_NULL) Data data) {
    }

    /** What the rule sets check reports besides its status: the rule sets that serve, but degraded. */
    public record Data(List<String> degraded) {
    }
}
