package dev.decisioning.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** What a logger of this JVM logs while the capture is open (servers started in the test's JVM log here). */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Captures what {@code loggerName} (and the loggers below it) log from now on. */
    static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
        capture.setContext(capture.logger.getLoggerContext());
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    static LogCapture of(Class<?> type) {
        return of(type.getName());
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** The first event {@code matching}, waiting for it (a line may be logged just after the answer is sent). */
    ILoggingEvent await(Predicate<ILoggingEvent> matching, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        do {
            for (ILoggingEvent event : events) {
                if (matching.test(event)) {
                    return event;
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching line within " + within + " among: "
                + events.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    /** The value of a line's key-value pair, or null. */
    static Object value(ILoggingEvent event, String key) {
        return event.getKeyValuePairs() == null ? null : event.getKeyValuePairs().stream()
                .filter(pair -> pair.key.equals(key)).map(pair -> pair.value).findFirst().orElse(null);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
