package dev.decisioning.server;

import dev.decisioning.engine.RuleSetLifecycle;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.engine.PublishOutcome;
import dev.decisioning.engine.RuleSetArchivedException;
import dev.decisioning.engine.loading.RulesDirectoryWatcher;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
                    LOG.warn("{} changed on disk but does not compile; the active version keeps serving: {}",
                            source.name(), outcome.messages().stream().filter(DecisionMessage::blocking).toList());
                }
            }).start(POLL_MILLIS);
            LOG.info("watching {} for changes", settings.rulesDirectory().toAbsolutePath().normalize());
            return watcher;
        });
    }

    @Override
    public Future<?> stop() {
        if (watcher != null) {
            watcher.close();
        }
        return Future.succeededFuture();
    }
}
