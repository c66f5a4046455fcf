package dev.decisioning.bench;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.DataModelDecision;
import com.fasterxml.jackson.databind.JsonNode;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import dev.decisioning.server.http.ApiJson;
import org.kie.dmn.api.core.DMNResult;
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

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The full retail-loyalty decision through our engine, against the same rules through raw Drools, and each raw step
 * alone. Requests are parsed before measuring, so both sides do the same work: rules, not JSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20, time = 3) // the decision path needs a minute of calls before the JIT settles
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmarks {
    static final int CUSTOMERS = 256;

    DecisionEngine engine;
    RawDrools raw;
    JsonNode[] requests;
    List<Map<String, Object>> dmnInputs;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path rules = Path.of(System.getProperty("decisioning.rules", "rules"));
        engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(rules), UnhurriedBudgets.ALL);
        raw = new RawDrools(rules.resolve("retail-loyalty"));
        ObjectMapper json = ApiJson.mapper();
        List<String> bodies = CustomerMix.bodies(CUSTOMERS);
        requests = new JsonNode[CUSTOMERS];
        dmnInputs = new java.util.ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            requests[i] = json.readTree(bodies.get(i));
            java.time.LocalDate today = RawDrools.today(requests[i]);
            dmnInputs.add(RawDrools.inputs(requests[i], raw.derive(requests[i], today), today));
        }
    }

    private int nextIndex() {
        next = (next + 1) & (CUSTOMERS - 1);
        return next;
    }

    @Benchmark
    public DataModelDecision engineDecision() {
        return engine.decide("retail-loyalty", null, requests[nextIndex()]);
    }

    @Benchmark
    public DMNResult rawDroolsDecision() {
        return raw.decide(requests[nextIndex()]);
    }

    @Benchmark
    public Map<String, Object> rawMetricsAndSegmentsStep() {
        JsonNode request = requests[nextIndex()];
        return raw.derive(request, RawDrools.today(request));
    }

    @Benchmark
    public DMNResult rawDmnStep() {
        return raw.decisions(dmnInputs.get(nextIndex()));
    }
}
