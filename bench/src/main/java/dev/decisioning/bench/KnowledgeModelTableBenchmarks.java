package dev.decisioning.bench;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.runtime.KieRuntimeFactory;
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

/** The generated table as a business knowledge model's body, called from a decision: through our engine and raw DMN. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KnowledgeModelTableBenchmarks {
    @Param({"100", "10000"})
    public int rows;

    DecisionEngine engine;
    ModelEvaluationRequest request;
    DMNRuntime raw;
    DMNModel rawModel;
    Map<String, Object> inputs;

    @Setup(Level.Trial)
    public void setUp() {
        String model = GeneratedTable.inKnowledgeModel(rows);
        engine = DecisionEngine.start(new InMemoryRuleSetLoader().add("generated", "generated-function.dmn", model));
        inputs = Map.of("score", BigDecimal.valueOf(GeneratedTable.middleScore(rows)), "category", "c3");
        request = new ModelEvaluationRequest(null, inputs, null);

        KieServices services = KieServices.get();
        KieFileSystem kfs = services.newKieFileSystem().write("src/main/resources/raw/generated-function.dmn", model);
        KieBuilder builder = services.newKieBuilder(kfs).buildAll();
        raw = KieRuntimeFactory.of(services.newKieContainer(builder.getKieModule().getReleaseId()).getKieBase())
                .get(DMNRuntime.class);
        rawModel = raw.getModels().get(0);
        ModelEvaluation check = engine.evaluate("generated", request);
        Object rawAnswer = rawKnowledgeModelEvaluate().getDecisionResultByName("band").getResult();
        if (!"succeeded".equals(check.decisions().get(0).status())
                || !String.valueOf(check.decisions().get(0).result()).equals(String.valueOf(rawAnswer))) {
            throw new IllegalStateException("generated function table: engine " + check + ", raw " + rawAnswer);
        }
    }

    @Benchmark
    public ModelEvaluation engineKnowledgeModelEvaluate() {
        return engine.evaluate("generated", request);
    }

    @Benchmark
    public DMNResult rawKnowledgeModelEvaluate() {
        DMNContext context = raw.newContext();
        inputs.forEach(context::set);
        return raw.evaluateAll(rawModel, context);
    }
}
