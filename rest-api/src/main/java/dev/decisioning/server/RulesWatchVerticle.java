package dev.decisioning.server;

import dev.decisioning.engine.RuleSetLifecycle;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.engine.PublishOutcome;
import dev.decisioning.engine.RuleSetArchivedException;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.loading.RulesDirectoryWatcher;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Publishes a rule set as a new version whenever its files under the rules directory change (the {@code --watch}
 * mode). A verticle so that the watcher stops with the server.
 */
final class RulesWatchVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(RulesWatchVerticle.class);
    private static final long POLL_MILLIS = 300;

    private final RuleSetLifecycle engine;
    private final ServerSettings settings;
    private RulesDirectoryWatcher watcher;

    RulesWatchVerticle(RuleSetLifecycle engine, ServerSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            watcher = new RulesDirectoryWatcher(settings.rulesDirectory(), source -> {
                PublishOutcome outcome;
                try {
                    outcome = engine.publish(source.name(), source.files(), PublishOptions.fromRulesDirectory("watch"));
                } catch (RuleSetArchivedException e) {
                    LOG.warn("{} changed on disk but is archived, so it is not published: {}", source.name(),
                            e.getMessage());
                    return;
                }
                if (outcome.accepted()) {
                    LOG.info("{} changed on disk: version {} is active", source.name(), outcome.version().number());
                } else {
                    refused(source.name(), outcome);
                }
            }).start(POLL_MILLIS);
            LOG.info("watching {} for changes", settings.rulesDirectory().toAbsolutePath().normalize());
            return watcher;
        });
    }

    /**
     * A change that was not published: one line, then one per error with its file and line. The rule set's messages
     * ({@code GET /api/v1/rulesets/NAME}) list them too, until a version of it is published or activated.
     */
    private void refused(String ruleSet, PublishOutcome outcome) {
        // Drools reports some errors once for every rule they touch: each is logged once.
        List<DecisionMessage> errors = outcome.messages().stream().filter(DecisionMessage::blocking).distinct().toList();
        LOG.warn("{} changed on disk but was not published, {} error(s); {}", ruleSet, errors.size(), serving(ruleSet));
        for (DecisionMessage error : errors) {
            LOG.atWarn().addKeyValue("ruleset", ruleSet).addKeyValue("file", error.source())
                    .addKeyValue("line", error.line())
                    .log("{}: {}", ruleSet, error.describe());
        }
    }

    private String serving(String ruleSet) {
        try {
            RuleSetSummary summary = engine.ruleSet(ruleSet);
            return summary.state() == RuleSetState.FAILED || summary.version() == null ? "no version of it serves"
                    : "version " + summary.version() + " keeps serving";
        } catch (RuntimeException e) {
            return "it is not served";
        }
    }

    @Override
    public Future<?> stop() {
        if (watcher != null) {
            watcher.close();
        }
        return Future.succeededFuture();
    }
}
