package dev.decisioning.server.cluster;

import dev.decisioning.engine.ActivationRecord;
import dev.decisioning.engine.Replication;
import dev.decisioning.engine.RuleSetLifecycle;
import dev.decisioning.engine.RuleSetActivation;
import dev.decisioning.engine.RuleSetVersion;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the active rule set versions of every server in the cluster the same, over the event bus alone.
 *
 * <p>An activation made here (publish, activation, rollback) is published to every server with its files, so a
 * server that never saw the version can store it under the same number. Every activation carries a stamp (when it
 * happened, and where): a server adopts one only if it is newer than the last it knows for that rule set. So
 * messages that arrive late or out of order, two activations made on two servers at once, or a catch-up answer that
 * crosses a live activation all end with every server on the same, latest, version.
 *
 * <p>A server that starts asks one peer for what the cluster serves before it answers HTTP, having first subscribed
 * to activations so that nothing activated meanwhile is missed.
 *
 * <p>Archiving and unarchiving travel the same way, on addresses of their own, each stamped and ordered per rule set
 * like activations: a rule set archived on one server stops serving on all, and a server that starts learns which
 * rule sets the cluster has archived or unarchived (after the versions, so that it knows the rule sets).
 */
public final class ClusterSync extends VerticleBase {
    /** Activations, published to every server. */
    public static final String ACTIVATED_ADDRESS = "decisioning.rulesets.activated";
    /** Catch-up requests from a starting server, answered by one peer with every active version. */
    public static final String SYNC_ADDRESS = "decisioning.rulesets.sync";
    /**
     * Adoptions on this server, published on this server only ({@code ruleSet}, {@code version}, {@code from}, the
     * server it came from, and {@code millis}, the time adopting took, compiling included): for monitoring and tests.
     */
    public static final String ADOPTED_ADDRESS = "decisioning.rulesets.adopted";
    /** Archivings and unarchivings, published to every server. */
    public static final String ARCHIVE_ADDRESS = "decisioning.rulesets.archive";
    /** Catch-up requests for which rule sets are archived, answered by one peer. */
    public static final String ARCHIVE_SYNC_ADDRESS = "decisioning.rulesets.archive.sync";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSync.class);
    private static final long SYNC_TIMEOUT_MILLIS = 10_000;
    /** Adoptions that keep being overtaken give up after this many rounds; the next activation starts again. */
    private static final int MAX_ROUNDS = 10;

    private final Replication engine;
    private final RuleSetLifecycle ruleSets;
    private AutoCloseable listening;
    private AutoCloseable listeningToArchives;
    /** This server in messages; a random id, so that a restarted server is a new one. */
    private final String nodeId = UUID.randomUUID().toString();
    /** The newest activation known for each rule set: what this server should serve. */
    private final Map<String, Stamped> wanted = new ConcurrentHashMap<>();
    /** The newest archiving or unarchiving known for each rule set. */
    private final Map<String, StampedArchive> wantedArchive = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();

    public ClusterSync(Replication engine, RuleSetLifecycle ruleSets) {
        this.engine = engine;
        this.ruleSets = ruleSets;
    }

    /**
     * An activation and its stamp; later {@code at} wins, the node id breaks ties so every server picks the same.
     * {@code receivedAt} is when it arrived here (0 for activations made here and catch-up answers), for the log.
     */
    record Stamped(RuleSetActivation activation, long at, String node, long receivedAt) {
        String ruleSet() {
            return activation.version().ruleSet();
        }

        boolean newerThan(Stamped other) {
            return other == null || at > other.at || (at == other.at && node.compareTo(other.node) > 0);
        }
    }

    /** An archiving or unarchiving and its stamp, ordered like {@link Stamped}. */
    record StampedArchive(ActivationRecord change, long at, String node) {
        boolean newerThan(StampedArchive other) {
            return other == null || at > other.at || (at == other.at && node.compareTo(other.node) > 0);
        }
    }

    @Override
    public Future<?> start() {
        running.set(true);
        listening = engine.onActivation(this::announce);
        listeningToArchives = engine.onArchive(this::announceArchive);
        MessageConsumer<JsonObject> activations = vertx.eventBus().consumer(ACTIVATED_ADDRESS, this::received);
        MessageConsumer<JsonObject> archives = vertx.eventBus().consumer(ARCHIVE_ADDRESS, this::receivedArchive);
        // Subscribed before asking, so an activation made while the answer travels still arrives.
        return Future.all(activations.completion(), archives.completion())
                .compose(subscribed -> catchUp())
                .compose(caughtUp -> catchUpArchives())
                // Answering only after catching up: a server still starting has nothing to teach the others.
                .compose(caughtUp -> Future.all(
                        vertx.eventBus().<JsonObject>consumer(SYNC_ADDRESS, this::answerCatchUp).completion(),
                        vertx.eventBus().<JsonObject>consumer(ARCHIVE_SYNC_ADDRESS, this::answerArchiveCatchUp)
                                .completion()));
    }

    @Override
    public Future<?> stop() throws Exception {
        running.set(false);
        if (listening != null) {
            listening.close();
        }
        if (listeningToArchives != null) {
            listeningToArchives.close();
        }
        return Future.succeededFuture();
    }

    /** Called by the engine, on whichever thread activated, inside its lock: only stamps and publishes. */
    private void announce(RuleSetActivation activation) {
        if (!running.get()) {
            return;
        }
        long now = System.currentTimeMillis();
        // Newer than anything seen here even if this clock lags: what was just done here must win here.
        Stamped stamped = wanted.compute(activation.version().ruleSet(), (name, known) ->
                new Stamped(activation, known == null ? now : Math.max(now, known.at + 1), nodeId, 0));
        vertx.eventBus().publish(ACTIVATED_ADDRESS, encode(stamped));
        LOG.debug("announced {} version {} to the cluster", stamped.ruleSet(), activation.version().number());
    }

    private void received(Message<JsonObject> message) {
        JsonObject body = message.body();
        if (nodeId.equals(body.getString("node"))) {
            return; // a publish reaches its sender too; this server already serves it
        }
        Stamped stamped;
        try {
            stamped = decode(body, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("ignoring an unreadable activation message from server {}: {}", body.getString("node"),
                    e.toString());
            return;
        }
        offer(stamped);
    }

    /** Records an activation if it is the newest known for its rule set, then makes it the one serving here. */
    private Future<Boolean> offer(Stamped stamped) {
        AtomicBoolean newer = new AtomicBoolean();
        wanted.compute(stamped.ruleSet(), (name, known) -> {
            if (stamped.newerThan(known)) {
                newer.set(true);
                return stamped;
            }
            return known;
        });
        if (!newer.get()) {
            LOG.debug("ignoring {} version {} from server {}: a later activation is known here", stamped.ruleSet(),
                    stamped.activation().version().number(), stamped.node());
            return Future.succeededFuture(false);
        }
        // Compiling takes up to a second: never on the event loop. Ordered, so adoptions happen one at a time and
        // in the order they arrived.
        return vertx.executeBlocking(() -> converge(stamped.ruleSet()), true);
    }

    /**
     * Adopts the wanted version of a rule set, again if another activation overtook it meanwhile (a newer message,
     * or an activation here that the adoption then replaced).
     */
    private boolean converge(String ruleSet) {
        Stamped applied = null;
        boolean changed = false;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Stamped want = wanted.get(ruleSet);
            if (want == null || want == applied) {
                return changed;
            }
            changed |= adopt(want);
            applied = want;
        }
        LOG.warn("{} kept changing while it was adopted; it settles with the next activation", ruleSet);
        return changed;
    }

    private boolean adopt(Stamped stamped) {
        RuleSetVersion version = stamped.activation().version();
        long adopting = System.currentTimeMillis();
        long started = System.nanoTime();
        try {
            boolean changed = engine.follow(stamped.activation());
            if (changed) {
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (stamped.receivedAt() == 0) {
                    LOG.info("{} version {} ({}) from server {} is active here, caught up in {} ms", version.ruleSet(),
                            version.number(), version.hash(), stamped.node(), millis);
                } else {
                    // Times since the activation read the other server's clock: as exact as the two clocks agree.
                    LOG.info("{} version {} ({}) from server {} is active here, {} ms after it was activated there "
                                    + "(arrived after {} ms, waited {} ms, adopted in {} ms)", version.ruleSet(),
                            version.number(), version.hash(), stamped.node(), System.currentTimeMillis() - stamped.at(),
                            stamped.receivedAt() - stamped.at(), adopting - stamped.receivedAt(), millis);
                }
                vertx.eventBus().publish(ADOPTED_ADDRESS, new JsonObject().put("ruleSet", version.ruleSet())
                        .put("version", version.number()).put("from", stamped.node()).put("millis", millis),
                        new DeliveryOptions().setLocalOnly(true));
            }
            return changed;
        } catch (IllegalStateException e) {
            // Two servers numbered different content the same (published on both at once, or started from
            // different data): this one keeps serving what it has rather than guess which history is right.
            LOG.warn("cannot follow {} version {} from server {}: {}; this server keeps serving version {}",
                    version.ruleSet(), version.number(), stamped.node(), e.getMessage(), activeHere(version.ruleSet()));
        } catch (RuntimeException e) {
            LOG.warn("cannot follow {} version {} from server {}: {}; this server keeps serving version {}",
                    version.ruleSet(), version.number(), stamped.node(), e.toString(), activeHere(version.ruleSet()));
        }
        return false;
    }

    private String activeHere(String ruleSet) {
        try {
            return String.valueOf(ruleSets.ruleSet(ruleSet).version());
        } catch (RuntimeException e) {
            return "none";
        }
    }

    /** Asks one peer for every active version and adopts them; the first server finds no one to ask. */
    private Future<Void> catchUp() {
        long started = System.nanoTime();
        return vertx.eventBus().<JsonArray>request(SYNC_ADDRESS, new JsonObject().put("node", nodeId),
                        new DeliveryOptions().setSendTimeout(SYNC_TIMEOUT_MILLIS))
                .compose(reply -> {
                    List<Future<Boolean>> adoptions = new ArrayList<>();
                    for (Object entry : reply.body()) {
                        adoptions.add(offer(decode((JsonObject) entry, 0)));
                    }
                    return Future.all(adoptions).map(all -> {
                        long adopted = adoptions.stream().filter(f -> Boolean.TRUE.equals(f.result())).count();
                        LOG.info("caught up with the cluster in {} ms: {} rule set(s) active there, {} adopted",
                                (System.nanoTime() - started) / 1_000_000, adoptions.size(), adopted);
                        return (Void) null;
                    });
                })
                .recover(e -> {
                    if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
                        LOG.info("no other server in the cluster yet: serving the versions stored here");
                    } else {
                        LOG.warn("could not catch up with the cluster ({}): serving the versions stored here until "
                                + "the next activation", e.toString());
                    }
                    return Future.succeededFuture();
                });
    }

    private void answerCatchUp(Message<JsonObject> request) {
        vertx.executeBlocking(this::snapshot, false)
                .onSuccess(answer -> {
                    LOG.debug("server {} caught up from here: {} active version(s)", request.body().getString("node"),
                            answer.size());
                    request.reply(answer);
                })
                .onFailure(e -> request.fail(500, e.toString()));
    }

    /**
     * What this server serves, or is about to: the newest activation known for each rule set, else the active
     * version it started with, stamped 0 so that any real activation is newer.
     */
    private JsonArray snapshot() {
        Map<String, Stamped> current = new LinkedHashMap<>();
        for (RuleSetActivation active : engine.activeVersions()) {
            current.put(active.version().ruleSet(), new Stamped(active, 0, nodeId, 0));
        }
        current.putAll(wanted);
        JsonArray answer = new JsonArray();
        current.values().forEach(stamped -> answer.add(encode(stamped)));
        return answer;
    }

    /** Called by the engine inside its lock after an archiving or unarchiving made here: stamps and publishes. */
    private void announceArchive(ActivationRecord change) {
        if (!running.get()) {
            return;
        }
        long now = System.currentTimeMillis();
        StampedArchive stamped = wantedArchive.compute(change.ruleSet(), (name, known) ->
                new StampedArchive(change, known == null ? now : Math.max(now, known.at + 1), nodeId));
        vertx.eventBus().publish(ARCHIVE_ADDRESS, encode(stamped));
    }

    private void receivedArchive(Message<JsonObject> message) {
        JsonObject body = message.body();
        if (nodeId.equals(body.getString("node"))) {
            return;
        }
        StampedArchive stamped;
        try {
            stamped = decodeArchive(body);
        } catch (RuntimeException e) {
            LOG.warn("ignoring an unreadable archive message from server {}: {}", body.getString("node"), e.toString());
            return;
        }
        offerArchive(stamped);
    }

    /** Follows an archiving or unarchiving if it is the newest known for its rule set; in order with activations. */
    private Future<Boolean> offerArchive(StampedArchive stamped) {
        AtomicBoolean newer = new AtomicBoolean();
        wantedArchive.compute(stamped.change().ruleSet(), (name, known) -> {
            if (stamped.newerThan(known)) {
                newer.set(true);
                return stamped;
            }
            return known;
        });
        if (!newer.get()) {
            return Future.succeededFuture(false);
        }
        // Unarchiving compiles: never on the event loop, and in order with the activations adopted.
        return vertx.executeBlocking(() -> {
            ActivationRecord change = wantedArchive.get(stamped.change().ruleSet()).change();
            try {
                boolean changed = engine.followArchive(change);
                if (changed) {
                    LOG.info("{} {} here as server {} did (by {})", change.ruleSet(),
                            change.action() == ActivationRecord.Action.ARCHIVED ? "archived" : "unarchived",
                            stamped.node(), change.by());
                }
                return changed;
            } catch (RuntimeException e) {
                LOG.warn("cannot follow the {} of {} from server {}: {}", change.action(), change.ruleSet(),
                        stamped.node(), e.toString());
                return false;
            }
        }, true);
    }

    /** Asks one peer which rule sets are archived or unarchived; a peer of an older release does not answer. */
    private Future<Void> catchUpArchives() {
        return vertx.eventBus().<JsonArray>request(ARCHIVE_SYNC_ADDRESS, new JsonObject().put("node", nodeId),
                        new DeliveryOptions().setSendTimeout(SYNC_TIMEOUT_MILLIS))
                .compose(reply -> {
                    List<Future<Boolean>> follows = new ArrayList<>();
                    for (Object entry : reply.body()) {
                        follows.add(offerArchive(decodeArchive((JsonObject) entry)));
                    }
                    return Future.all(follows).<Void>mapEmpty();
                })
                .recover(e -> {
                    if (!(e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS)) {
                        LOG.warn("could not learn which rule sets the cluster archived ({}): keeping those archived "
                                + "here until the next change", e.toString());
                    }
                    return Future.succeededFuture();
                });
    }

    private void answerArchiveCatchUp(Message<JsonObject> request) {
        vertx.executeBlocking(() -> {
                    Map<String, StampedArchive> current = new LinkedHashMap<>();
                    for (ActivationRecord state : engine.archiveStates()) {
                        current.put(state.ruleSet(), new StampedArchive(state, 0, nodeId));
                    }
                    current.putAll(wantedArchive);
                    JsonArray answer = new JsonArray();
                    current.values().forEach(stamped -> answer.add(encode(stamped)));
                    return answer;
                }, false)
                .onSuccess(request::reply)
                .onFailure(e -> request.fail(500, e.toString()));
    }

    static JsonObject encode(StampedArchive stamped) {
        ActivationRecord change = stamped.change();
        return new JsonObject()
                .put("node", stamped.node())
                .put("stampedAt", stamped.at())
                .put("ruleSet", change.ruleSet())
                .put("archived", change.action() == ActivationRecord.Action.ARCHIVED)
                .put("by", change.by())
                .put("at", change.at() == null ? null : change.at().toString());
    }

    static StampedArchive decodeArchive(JsonObject json) {
        String at = json.getString("at");
        ActivationRecord change = new ActivationRecord(json.getString("ruleSet"),
                json.getBoolean("archived") ? ActivationRecord.Action.ARCHIVED : ActivationRecord.Action.UNARCHIVED,
                null, null, null, json.getString("by"), at == null ? null : Instant.parse(at));
        return new StampedArchive(change, json.getLong("stampedAt"), json.getString("node"));
    }

    static JsonObject encode(Stamped stamped) {
        RuleSetVersion version = stamped.activation().version();
        JsonObject files = new JsonObject();
        stamped.activation().files().forEach((name, content) ->
                files.put(name, Base64.getEncoder().encodeToString(content)));
        return new JsonObject()
                .put("node", stamped.node())
                .put("activatedAt", stamped.at())
                .put("ruleSet", version.ruleSet())
                .put("version", version.number())
                .put("hash", version.hash())
                .put("createdAt", version.createdAt().toString())
                .put("author", version.author())
                .put("activatedBy", stamped.activation().activatedBy())
                .put("files", files);
    }

    /** @param receivedAt when it arrived, or 0 for a catch-up answer, whose activations may be old */
    static Stamped decode(JsonObject json, long receivedAt) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        json.getJsonObject("files").forEach(file ->
                files.put(file.getKey(), Base64.getDecoder().decode((String) file.getValue())));
        RuleSetVersion version = new RuleSetVersion(json.getString("ruleSet"), json.getInteger("version"),
                json.getString("hash"), Instant.parse(json.getString("createdAt")), json.getString("author"),
                List.copyOf(files.keySet()));
        return new Stamped(new RuleSetActivation(version, files, json.getString("activatedBy")),
                json.getLong("activatedAt"), json.getString("node"),
                receivedAt);
    }
}
