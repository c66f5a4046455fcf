package dev.decisioning.server.wire;

/**
 * A success answer of the HTTP API, exactly as it is written on the wire: the top-level records of this package, and
 * nothing else, are what the server answers with (errors have their envelope, {@code ErrorEnvelope}). Each record is
 * made from the engine's result by its static {@code from}, so what a client reads does not change when the engine's
 * own types do. A change a client would notice makes a new record ({@code ...V2}) beside the old one.
 */
public sealed interface WireAnswer
        permits ActivationLogV1, ActivationV1, DecisionLogStatusV1, DecisionV1, HealthV1, ImpactReportV1, LoggedDecisionV1,
        ModelEvaluationV1, PublishOutcomeV1, ReplayReportV1, RuleSetListV1, RuleSetSummaryV1, ScenarioReportV1,
        VersionListV1 {
}
