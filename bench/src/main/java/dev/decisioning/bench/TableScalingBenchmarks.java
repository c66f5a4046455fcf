package dev.decisioning.bench;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.DMNRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plain DMN evaluation of a generated decision table of 10 to 10,000 rows, through our engine and through raw DMN: as
 * a decision's logic, as the body of a business knowledge model that a decision calls, and as an entry of a boxed
 * context.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TableScalingBenchmarks {
    @Param({"10", "100", "1000", "10000"})
    public int rows;

    @Param({"decision", "knowledge-model", "boxed-context"})
    public String placement;

    DecisionEngine engine;
    ModelEvaluationRequest request;
    DMNRuntime raw;
    DMNModel rawModel;
    Map<String, Object> inputs;

    @Setup(Level.Trial)
    public void setUp() {
        String model = switch (placement) {
            case "knowledge-model" -> GeneratedTable.inKnowledgeModel(rows);
            case "boxed-context" -> GeneratedTable.inBoxedContext(rows);
            default -> GeneratedTable.model(rows);
        };
        engine = EmbeddedEngine.start(new InMemoryRuleSetLoader().add("generated", "generated-table.dmn", model),
                UnhurriedBudgets.ALL);
        inputs = Map.of("score", BigDecimal.valueOf(GeneratedTable.middleScore(rows)), "category", "c3");
        request = new ModelEvaluationRequest(null, inputs, null);

        raw = GeneratedTable.rawRuntime("generated-table.dmn", model);
        rawModel = raw.getModels().get(0);
        ModelEvaluation check = engine.evaluate("generated", null, request);
        Object rawAnswer = rawDmnEvaluate().getDecisionResultByName("band").getResult();
        if (!"succeeded".equals(check.decisions().get(0).status())
                || !String.valueOf(check.decisions().get(0).result()).equals(String.valueOf(rawAnswer))) {
            throw new IllegalStateException("generated table: engine " + check + ", raw " + rawAnswer);
        }
    }

    @Benchmark
    public ModelEvaluation engineEvaluate() {
        return engine.evaluate("generated", null, request);
    }

    @Benchmark
    public DMNResult rawDmnEvaluate() {
        DMNContext context = raw.newContext();
        inputs.forEach(context::set);
        return raw.evaluateAll(rawModel, context);
    }
}
