package dev.decisioning.engine.loading;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches a rules directory and hands over a rule set whenever its files change, so that a business user editing
 * files sees the change within a second. Polls file sizes and times rather than relying on file-system events,
 * which editors that save through a temporary file and network drives report unreliably; a rule set is read in
 * full, and handed over, only when that cheap signature changed and the content hash really differs.
 */
public final class RulesDirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesDirectoryWatcher.class);

    private final Path rulesDirectory;
    private final Consumer<RuleSetSource> onChange;
    private final Map<String, String> signatures = new HashMap<>();
    private final Map<String, String> hashes = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rules-directory-watcher");
        thread.setDaemon(true);
        return thread;
    });

    public RulesDirectoryWatcher(Path rulesDirectory, Consumer<RuleSetSource> onChange) {
        this.rulesDirectory = rulesDirectory;
        this.onChange = onChange;
    }

    /** Takes the current files as the starting point, then checks every {@code intervalMillis}. */
    public RulesDirectoryWatcher start(long intervalMillis) {
        for (RuleSetSource source : new FileSystemRuleSetLoader(rulesDirectory).loadAll()) {
            hashes.put(source.name(), source.hash());
            signatures.put(source.name(), signature(rulesDirectory.resolve(source.name())));
        }
        scheduler.scheduleWithFixedDelay(this::poll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    private void poll() {
        try (Stream<Path> folders = Files.list(rulesDirectory)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                String name = folder.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                String signature = signature(folder);
                if (signature.equals(signatures.get(name))) {
                    continue;
                }
                signatures.put(name, signature);
                new FileSystemRuleSetLoader(rulesDirectory).loadAll().stream()
                        .filter(s -> s.name().equals(name)).findFirst()
                        .filter(s -> !s.hash().equals(hashes.get(name)))
                        .ifPresent(s -> {
                            hashes.put(name, s.hash());
                            onChange.accept(s);
                        });
            }
        } catch (RuntimeException | IOException e) {
            // A file half-written by an editor is read again on the next round.
            LOG.warn("could not read rules directory {}: {}", rulesDirectory, e.getMessage());
            signatures.clear();
        }
    }

    private static String signature(Path folder) {
        StringBuilder signature = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                signature.append(file.getFileName()).append(':').append(Files.size(file)).append(':')
                        .append(Files.getLastModifiedTime(file).toMillis()).append(';');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return signature.toString();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
