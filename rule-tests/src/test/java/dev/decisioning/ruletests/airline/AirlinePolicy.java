package dev.decisioning.ruletests.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The airline-loyalty policy written a second time, in plain Java, straight from the policy text: no Drools, no
 * engine class, nothing read from the rule set's files. {@link AirlineDifferentialTest} compares the
 * bundled rule set's answers with this one's, field by field.
 *
 * <p>Every number is a {@link BigDecimal} (exact: {@code 6765 x 1.5 = 10147.5}); dates are {@link LocalDate}s;
 * {@code today} is the UTC date of {@code context.now}. Where the text can be read more than one way, the most
 * literal reading is taken and written down beside the code, marked "Reading:".
 */
public final class AirlinePolicy {
    static final BigDecimal SILVER_MILES = new BigDecimal("25000");
    static final BigDecimal GOLD_MILES = new BigDecimal("50000");
    static final BigDecimal PLATINUM_MILES = new BigDecimal("100000");
    static final int SILVER_SEGMENTS = 25;
    static final int GOLD_SEGMENTS = 50;
    static final int PLATINUM_SEGMENTS = 100;

    static final List<String> TIERS = List.of("blue", "silver", "gold", "platinum");

    static final Map<String, BigDecimal> CABIN_FACTORS = Map.of(
            "economy", BigDecimal.ONE,
            "premium-economy", new BigDecimal("1.25"),
            "business", new BigDecimal("1.5"),
            "first", new BigDecimal("2"));

    /** The service levels, one per tier, in tier order: raising a level takes the next one's row whole. */
    static final List<ServiceLevel> SERVICE_LEVELS = List.of(
            new ServiceLevel("standard", 1440, List.of()),
            new ServiceLevel("priority", 240, List.of("priority-check-in", "extra-baggage")),
            new ServiceLevel("premium", 60, List.of("priority-check-in", "priority-boarding", "lounge-access",
                    "extra-baggage")),
            new ServiceLevel("elite", 15, List.of("priority-check-in", "priority-boarding", "lounge-access",
                    "lounge-guest", "extra-baggage", "guaranteed-seat")));

    /** Every offer and its base value. */
    static final Map<String, BigDecimal> OFFER_VALUES = Map.of(
            "upgrade-offer", new BigDecimal("50"),
            "lounge-day-pass", new BigDecimal("20"),
            "extra-baggage-offer", new BigDecimal("8"),
            "tier-nudge", new BigDecimal("15"),
            "birthday-miles", new BigDecimal("25"),
            "win-back-double-miles", new BigDecimal("35"),
            "welcome-bonus", new BigDecimal("10"),
            "companion-voucher", new BigDecimal("40"));

    static final int MAX_OFFERS = 3;

    private final Clock clock;

    /** Without {@code context.now}, {@code today} is the date of the system clock in UTC, as the server's would be. */
    public AirlinePolicy() {
        this(Clock.systemUTC());
    }

    public AirlinePolicy(Clock clock) {
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------------ the answer

    public record Metrics(BigDecimal qualifyingMiles, int qualifyingSegments, Integer daysSinceLastFlight,
                          int tenureYears) {
    }

    public record ChurnRisk(int score, String level) {
    }

    public record LoyaltyTier(String tier, BigDecimal milesToNextTier) {
    }

    public record Offer(String id, BigDecimal score) {
    }

    public record ServiceLevel(String level, int responseTimeMinutes, List<String> benefits) {
    }

    /** The answer's fields that the policy decides, in the order of the rule set's outputs. */
    public record Answer(String memberId, Metrics metrics, List<String> segments, ChurnRisk churnRisk,
                         String journeyStage, LoyaltyTier loyaltyTier, List<Offer> offers, ServiceLevel serviceLevel,
                         String routingQueue) {

        /** The answer as the server writes it (without the envelope and explanation). */
        public ObjectNode toJson() {
            JsonNodeFactory json = JsonNodeFactory.withExactBigDecimals(true);
            ObjectNode answer = json.objectNode();
            answer.put("memberId", memberId);
            ObjectNode m = answer.putObject("metrics");
            m.put("qualifyingMiles", plain(metrics.qualifyingMiles()));
            m.put("qualifyingSegments", metrics.qualifyingSegments());
            if (metrics.daysSinceLastFlight() == null) {
                m.putNull("daysSinceLastFlight");
            } else {
                m.put("daysSinceLastFlight", metrics.daysSinceLastFlight());
            }
            m.put("tenureYears", metrics.tenureYears());
            ArrayNode s = answer.putArray("segments");
            segments.forEach(s::add);
            if (churnRisk == null) {
                answer.putNull("churnRisk");
            } else {
                answer.putObject("churnRisk").put("score", churnRisk.score()).put("level", churnRisk.level());
            }
            answer.put("journeyStage", journeyStage);
            ObjectNode t = answer.putObject("loyaltyTier");
            t.put("tier", loyaltyTier.tier());
            if (loyaltyTier.milesToNextTier() == null) {
                t.putNull("milesToNextTier");
            } else {
                t.put("milesToNextTier", plain(loyaltyTier.milesToNextTier()));
            }
            ArrayNode o = answer.putArray("offers");
            offers.forEach(offer -> o.addObject().put("id", offer.id()).put("score", plain(offer.score())));
            ObjectNode l = answer.putObject("serviceLevel");
            l.put("level", serviceLevel.level()).put("responseTimeMinutes", serviceLevel.responseTimeMinutes());
            ArrayNode b = l.putArray("benefits");
            serviceLevel.benefits().forEach(b::add);
            answer.putObject("routing").put("queue", routingQueue);
            return answer;
        }
    }

    /** A number as the server writes it: without trailing zeros, never in exponent form ({@code 1.50} is 1.5). */
    static BigDecimal plain(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    // ---------------------------------------------------------------------------------------------- the request

    record Flight(String id, LocalDate date, String cabin, BigDecimal distanceMiles, String status) {
    }

    record Trip(LocalDate date, String cabin, boolean international, int upgradeSeatsAvailable, boolean disrupted) {
    }

    record Contact(String offerId, LocalDate date) {
    }

    // ---------------------------------------------------------------------------------------------- the policy

    public Answer decide(JsonNode request) {
        JsonNode member = request.path("member");
        JsonNode context = request.path("context");
        LocalDate today = today(context.path("now"));

        // "Only flights with status flown and a date <= today count, everywhere below."
        List<Flight> counted = new ArrayList<>();
        for (JsonNode f : member.path("flights")) {
            Flight flight = new Flight(f.path("id").asText(), LocalDate.parse(f.path("date").asText()),
                    f.path("cabin").asText(), f.path("distanceMiles").decimalValue(), f.path("status").asText());
            if (flight.status().equals("flown") && !flight.date().isAfter(today)) {
                counted.add(flight);
            }
        }
        boolean anyFlight = !counted.isEmpty();

        // "In the last N days" is today-N < date <= today.
        List<Flight> last365 = counted.stream().filter(f -> inLastDays(f.date(), today, 365)).toList();
        int segments180d = (int) counted.stream().filter(f -> inLastDays(f.date(), today, 180)).count();
        // segmentsPrior: today-365 < date <= today-180.
        int segmentsPrior = (int) counted.stream()
                .filter(f -> f.date().isAfter(today.minusDays(365)) && !f.date().isAfter(today.minusDays(180)))
                .count();

        // ---- Metrics
        BigDecimal qualifyingMiles = BigDecimal.ZERO;
        for (Flight f : last365) {
            qualifyingMiles = qualifyingMiles.add(f.distanceMiles().multiply(CABIN_FACTORS.get(f.cabin())));
        }
        int qualifyingSegments = last365.size();
        // Reading: "the newest flight" is the newest counted flight of any age (not only of the last 365 days):
        // otherwise "dormant" (daysSinceLastFlight > 365) could never hold.
        Integer daysSinceLastFlight = counted.stream().map(Flight::date).max(Comparator.naturalOrder())
                .map(d -> (int) ChronoUnit.DAYS.between(d, today)).orElse(null);
        LocalDate enrolledOn = LocalDate.parse(member.path("enrolledOn").asText());
        // Reading: whole years = completed anniversaries (java.time's Period, as FEEL's years and months
        // duration): enrolled on 29 February, the year completes on 1 March in a year without one.
        int tenureYears = (int) ChronoUnit.YEARS.between(enrolledOn, today);
        Metrics metrics = new Metrics(qualifyingMiles, qualifyingSegments, daysSinceLastFlight, tenureYears);

        // ---- Tier
        String tier;
        if (qualifyingMiles.compareTo(PLATINUM_MILES) >= 0 || qualifyingSegments >= PLATINUM_SEGMENTS) {
            tier = "platinum";
        } else if (qualifyingMiles.compareTo(GOLD_MILES) >= 0 || qualifyingSegments >= GOLD_SEGMENTS) {
            tier = "gold";
        } else if (qualifyingMiles.compareTo(SILVER_MILES) >= 0 || qualifyingSegments >= SILVER_SEGMENTS) {
            tier = "silver";
        } else {
            tier = "blue";
        }
        int tierRank = TIERS.indexOf(tier);
        // "next miles threshold above the tier": blue -> 25000, silver -> 50000, gold -> 100000; null for platinum.
        // Reading: "above the tier" is the threshold of the next tier, even when the tier was reached by segments.
        BigDecimal nextThreshold = switch (tier) {
            case "blue" -> SILVER_MILES;
            case "silver" -> GOLD_MILES;
            case "gold" -> PLATINUM_MILES;
            default -> null;
        };
        BigDecimal milesToNextTier = nextThreshold == null ? null : nextThreshold.subtract(qualifyingMiles).max(BigDecimal.ZERO);
        LoyaltyTier loyaltyTier = new LoyaltyTier(tier, milesToNextTier);

        // ---- Segments (none at all without profiling consent)
        boolean profiling = member.path("consents").path("profiling").asBoolean(false);
        List<String> segments = new ArrayList<>();
        if (profiling) {
            // "fewer than 90 days from enrolledOn to today".
            if (ChronoUnit.DAYS.between(enrolledOn, today) < 90) {
                segments.add("new-member");
            }
            if (qualifyingSegments >= 12) {
                segments.add("frequent-flyer");
            }
            // "at least 2 flights in the last 365 days and at least half of them business or first":
            // 2 x premium >= all, in whole numbers (no rounding).
            long premium = last365.stream().filter(f -> f.cabin().equals("business") || f.cabin().equals("first")).count();
            if (qualifyingSegments >= 2 && 2 * premium >= qualifyingSegments) {
                segments.add("premium-cabin");
            }
            // "qualifyingSegments >= 6 and at least 60% of those flights on Monday to Friday": the flights of the
            // last 365 days; 100 x weekday >= 60 x all, in whole numbers (no rounding).
            long weekday = last365.stream().filter(f -> isWeekday(f.date())).count();
            if (qualifyingSegments >= 6 && 100 * weekday >= 60L * qualifyingSegments) {
                segments.add("business-traveller");
            }
            if (anyFlight && daysSinceLastFlight > 365) {
                segments.add("dormant");
            }
            if (segmentsPrior >= 4 && 2 * segments180d <= segmentsPrior) {
                segments.add("declining");
            }
            segments.sort(Comparator.naturalOrder());
        }

        // ---- Churn risk (null without profiling consent)
        JsonNode nps = member.path("npsScore");
        Integer npsScore = nps.isNumber() ? nps.intValue() : null;
        int complaints = member.path("complaintsLast90Days").asInt(0);
        ChurnRisk churnRisk = null;
        if (profiling) {
            int score = 0;
            if (daysSinceLastFlight != null) {
                if (daysSinceLastFlight > 270) {
                    score += 40;
                } else if (daysSinceLastFlight > 180) {
                    score += 25;
                } else if (daysSinceLastFlight > 90) {
                    score += 10;
                }
            }
            if (complaints >= 2) {
                score += 30;
            } else if (complaints == 1) {
                score += 15;
            }
            if (segments.contains("declining")) {
                score += 20;
            }
            if (npsScore != null && npsScore <= 6) {
                score += 15;
            }
            churnRisk = new ChurnRisk(score, score >= 60 ? "high" : score >= 30 ? "medium" : "low");
        }
        boolean churnHigh = churnRisk != null && churnRisk.level().equals("high");

        // ---- Journey stage, first that holds
        Trip trip = trip(request.path("trip"));
        boolean tripAhead = trip != null && !trip.date().isBefore(today); // "a trip with date >= today"
        int referrals = member.path("referrals").asInt(0);
        int searches = member.path("searchesLast30Days").asInt(0);
        String journeyStage;
        if (anyFlight && (referrals >= 1 || (npsScore != null && npsScore >= 9))) {
            journeyStage = "advocacy";
        } else if (daysSinceLastFlight != null && daysSinceLastFlight <= 14) {
            journeyStage = "post-purchase";
        } else if (tripAhead) {
            journeyStage = "decision";
        } else if (searches >= 3) {
            journeyStage = "consideration";
        } else {
            journeyStage = "awareness";
        }

        // ---- Service level: by tier; churn risk high above blue raises it one level (elite stays elite).
        int level = tierRank;
        if (churnHigh && tierRank > 0) {
            level = Math.min(level + 1, SERVICE_LEVELS.size() - 1);
        }
        ServiceLevel serviceLevel = SERVICE_LEVELS.get(level);

        // ---- Offers
        List<Offer> offers = new ArrayList<>();
        if (member.path("consents").path("marketing").asBoolean(false)) {
            List<String> eligible = new ArrayList<>();
            if (tripAhead && (trip.cabin().equals("economy") || trip.cabin().equals("premium-economy"))
                    && trip.upgradeSeatsAvailable() >= 1 && tierRank > 0) {
                eligible.add("upgrade-offer");
            }
            if (tripAhead && trip.international() && tierRank <= 1) {
                eligible.add("lounge-day-pass");
            }
            if (tripAhead && tierRank == 0) {
                eligible.add("extra-baggage-offer");
            }
            // "0 < milesToNextTier <= 10% of the next threshold".
            if (!tier.equals("platinum") && milesToNextTier.signum() > 0
                    && milesToNextTier.compareTo(nextThreshold.multiply(new BigDecimal("0.1"))) <= 0) {
                eligible.add("tier-nudge");
            }
            if (birthdayWithinAWeek(LocalDate.parse(member.path("birthDate").asText()), today)) {
                eligible.add("birthday-miles");
            }
            if (churnHigh) {
                eligible.add("win-back-double-miles");
            }
            // Reading: "segment new-member" is the segment as answered, so never without profiling consent;
            // "no flights" is no counted flight (flown, dated today or before), per "everywhere below".
            if (segments.contains("new-member") && !anyFlight) {
                eligible.add("welcome-bonus");
            }
            if (tier.equals("platinum") && tenureYears >= 5) {
                eligible.add("companion-voucher");
            }
            // "An offer made in the last 7 days (contactHistory) is left out": a contact dated
            // today-7 < date <= today. Reading: a contact dated after today is not "in the last 7 days".
            Set<String> recent = new java.util.HashSet<>();
            for (JsonNode c : request.path("contactHistory")) {
                LocalDate date = LocalDate.parse(c.path("date").asText());
                if (inLastDays(date, today, 7)) {
                    recent.add(c.path("offerId").asText());
                }
            }
            JsonNode propensities = context.path("propensities");
            for (String id : eligible) {
                if (recent.contains(id)) {
                    continue;
                }
                JsonNode p = propensities.path(id);
                // Reading: a propensity of 0 gives score 0, and the offer still counts (nothing says otherwise).
                BigDecimal propensity = p.isNumber() ? p.decimalValue() : BigDecimal.ONE;
                offers.add(new Offer(id, OFFER_VALUES.get(id).multiply(propensity)));
            }
            offers.sort(Comparator.comparing(Offer::score, Comparator.reverseOrder()).thenComparing(Offer::id));
            if (offers.size() > MAX_OFFERS) {
                offers = new ArrayList<>(offers.subList(0, MAX_OFFERS));
            }
        }

        // ---- Routing, first that holds.
        // Reading: "trip disrupted" holds for a disrupted trip of any date, past ones included.
        String intent = context.path("intent").asText(null);
        String channel = context.path("channel").asText(null);
        boolean disrupted = trip != null && trip.disrupted();
        String queue;
        if (disrupted && tierRank >= 2) {
            queue = "elite-rebooking";
        } else if (disrupted) {
            queue = "rebooking-queue";
        } else if ("cancel".equals(intent) && churnHigh) {
            queue = "retention-specialists";
        } else if (tier.equals("platinum")) {
            queue = "platinum-line";
        } else if ("complaint".equals(intent)) {
            queue = "care-team";
        } else if ("chat".equals(channel) && Set.of("booking", "check-in", "baggage").contains(intent)) {
            queue = "chatbot";
        } else {
            queue = "general-queue";
        }

        return new Answer(member.path("id").asText(), metrics, List.copyOf(segments), churnRisk, journeyStage,
                loyaltyTier, List.copyOf(offers), serviceLevel, queue);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The UTC date of {@code context.now}, or of the clock when it is absent. */
    LocalDate today(JsonNode now) {
        if (now.isTextual()) {
            return OffsetDateTime.parse(now.asText()).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        }
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** "In the last N days": today-N < date <= today. */
    static boolean inLastDays(LocalDate date, LocalDate today, int days) {
        return date.isAfter(today.minusDays(days)) && !date.isAfter(today);
    }

    static boolean isWeekday(LocalDate date) {
        return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * "next birthday 0 to 7 days from today; 29 February counts as 28 February in other years": the birthday this
     * year (28 February for one born on the 29th when this year has none) if it is today or later, else next
     * year's; eligible when it is 0 to 7 days away.
     */
    static boolean birthdayWithinAWeek(LocalDate birthDate, LocalDate today) {
        long days = ChronoUnit.DAYS.between(today, nextBirthday(birthDate, today));
        return days >= 0 && days <= 7;
    }

    static LocalDate nextBirthday(LocalDate birthDate, LocalDate today) {
        LocalDate thisYear = birthdayIn(birthDate, today.getYear());
        return thisYear.isBefore(today) ? birthdayIn(birthDate, today.getYear() + 1) : thisYear;
    }

    static LocalDate birthdayIn(LocalDate birthDate, int year) {
        MonthDay day = MonthDay.from(birthDate);
        if (day.equals(MonthDay.of(2, 29)) && !Year.isLeap(year)) {
            return LocalDate.of(year, 2, 28);
        }
        return day.atYear(year);
    }

    private static Trip trip(JsonNode trip) {
        if (trip == null || trip.isMissingNode() || trip.isNull()) {
            return null;
        }
        return new Trip(LocalDate.parse(trip.path("date").asText()), trip.path("cabin").asText(),
                trip.path("international").asBoolean(false), trip.path("upgradeSeatsAvailable").asInt(0),
                trip.path("disrupted").asBoolean(false));
    }
}
