package dev.decisioning.server;

import dev.decisioning.server.ops.ShutdownSteps;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps a server runs on its way out: in the order they were added, one failing does not stop the others. */
class ShutdownStepsTest {

    @Test
    @DisplayName("steps run in order, each logged; a failed step is logged and counted, the next still runs")
    void runsInOrder() {
        List<String> ran = new ArrayList<>();
        ShutdownSteps steps = new ShutdownSteps()
                .add("flush the decision log", () -> ran.add("flush"))
                .add("a step that fails", () -> {
                    throw new IllegalStateException("disk gone");
                })
                .add("close the files", () -> ran.add("close"));

        try (LogCapture log = LogCapture.of(ShutdownSteps.class)) {
            assertThat(steps.names()).containsExactly("flush the decision log", "a step that fails", "close the files");
            assertThat(steps.runAll()).isEqualTo(1);

            assertThat(ran).containsExactly("flush", "close");
            assertThat(log.events()).extracting(e -> e.getLevel().toString() + " " + e.getFormattedMessage())
                    .satisfiesExactly(
                            line -> assertThat(line).matches("INFO shutdown: flush the decision log done in \\d+ ms"),
                            line -> assertThat(line).matches("WARN shutdown: a step that fails failed after \\d+ ms: "
                                    + "java.lang.IllegalStateException: disk gone"),
                            line -> assertThat(line).matches("INFO shutdown: close the files done in \\d+ ms"));
        }
    }
}
