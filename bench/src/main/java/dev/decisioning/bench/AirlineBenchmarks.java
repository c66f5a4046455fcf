package dev.decisioning.bench;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisioning.engine.DataModelDecision;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.datamodel.DataModel;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import dev.decisioning.server.http.ApiJson;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The airline-loyalty decision, a rule set that brings its own data model (DMN only): through our engine (the
 * request checked against the schema, typed, decided, explained) against raw Drools evaluating the same model on the
 * same inputs, typed once before measuring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AirlineBenchmarks {
    static final int MEMBERS = 256;
    static final String RULE_SET = "airline-loyalty";

    DecisionEngine engine;
    DMNRuntime rawRuntime;
    DMNModel rawModel;
    JsonNode[] requests;
    List<Map<String, Object>> rawInputs;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path rules = Path.of(System.getProperty("decisioning.rules", "rules"));
        engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(rules), UnhurriedBudgets.ALL);
        Path folder = rules.resolve(RULE_SET);
        KieServices services = KieServices.get();
        KieFileSystem kfs = services.newKieFileSystem();
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
                if (file.toString().endsWith(".dmn")) {
                    kfs.write("src/main/resources/raw/" + file.getFileName(), Files.readAllBytes(file));
                }
            }
        }
        KieBuilder builder = services.newKieBuilder(kfs).buildAll();
        rawRuntime = KieRuntimeFactory.of(services.newKieContainer(builder.getKieModule().getReleaseId()).getKieBase())
                .get(DMNRuntime.class);
        rawModel = rawRuntime.getModels().get(0);
        DataModel dataModel = DataModel.read(files).model();
        ObjectMapper json = ApiJson.mapper();
        List<String> bodies = AirlineMix.bodies(MEMBERS);
        requests = new JsonNode[MEMBERS];
        rawInputs = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            requests[i] = json.readTree(bodies.get(i));
            @SuppressWarnings("unchecked")
            Map<String, Object> inputs = new HashMap<>((Map<String, Object>) dataModel.typed(requests[i]));
            inputs.put("today", LocalDate.ofInstant(OffsetDateTime.parse(requests[i].path("context").path("now")
                    .asText()).toInstant(), ZoneOffset.UTC));
            rawInputs.add(inputs);
        }
        DataModelDecision check = engine.decide(RULE_SET, null, requests[0]);
        if (!check.messages().isEmpty()) {
            throw new IllegalStateException("the airline decision reports problems: " + check.messages());
        }
    }

    private int nextIndex() {
        next = (next + 1) & (MEMBERS - 1);
        return next;
    }

    @Benchmark
    public DataModelDecision engineAirlineDecision() {
        return engine.decide(RULE_SET, null, requests[nextIndex()]);
    }

    @Benchmark
    public DMNResult rawDroolsAirlineDecision() {
        DMNContext context = rawRuntime.newContext();
        rawInputs.get(nextIndex()).forEach(context::set);
        return rawRuntime.evaluateAll(rawModel, context);
    }
}
