package dev.decisioning.engine.facts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/** The moment of the decision: channel, intent, the time and the model scores the caller brings. */
public class DecisionContext {
    private Channel channel = Channel.WEB;
    private Intent intent = Intent.BROWSE;
    private Instant now;
    private Map<String, BigDecimal> propensities = new TreeMap<>();

    public Channel getChannel() { return channel; }
    /** Absent or null means {@code web}. */
    public void setChannel(Channel channel) { this.channel = channel == null ? Channel.WEB : channel; }
    public Intent getIntent() { return intent; }
    /** Absent or null means {@code browse}. */
    public void setIntent(Intent intent) { this.intent = intent == null ? Intent.BROWSE : intent; }
    public Instant getNow() { return now; }
    public void setNow(Instant now) { this.now = now; }
    public Map<String, BigDecimal> getPropensities() { return propensities; }
    public void setPropensities(Map<String, BigDecimal> propensities) {
        this.propensities = propensities == null ? new TreeMap<>() : propensities;
    }

    /** The UTC calendar date every "in the last N days" window of the policy counts from. */
    public LocalDate getToday() {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
