package dev.decisioning.ruletests.airline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Requests of {@code POST /api/v1/decisions/airline-loyalty}, valid per the rule set's request shape: random members
 * from a seeded {@link Random}, and boundary members built on purpose around each threshold of the policy.
 */
public final class AirlineMembers {
    static final List<String> CABINS = List.of("economy", "premium-economy", "business", "first");
    static final List<String> CHANNELS = List.of("web", "app", "chat", "call-centre", "email", "airport");
    static final List<String> INTENTS = List.of("browse", "booking", "check-in", "baggage", "complaint", "cancel");
    static final List<String> OFFERS = List.of("upgrade-offer", "lounge-day-pass", "extra-baggage-offer",
            "tier-nudge", "birthday-miles", "win-back-double-miles", "welcome-bonus", "companion-voucher");

    /** The day most boundary members are decided on: a Sunday. */
    static final String NOW = "2026-11-22T10:00:00Z";

    private AirlineMembers() {
    }

    /** A member to decide, and what it is for. */
    public record Member(String name, ObjectNode request) {
        @Override
        public String toString() {
            return name;
        }
    }

    // ------------------------------------------------------------------------------------------ request builder

    /** Builds one request body; every field the shape knows is written, {@code npsScore} and {@code trip} optional. */
    static final class Request {
        private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
        String id = "m-1001";
        String now = NOW;
        LocalDate today = LocalDate.of(2026, 11, 22);
        LocalDate birthDate = LocalDate.of(1980, 5, 17);
        LocalDate enrolledOn = LocalDate.of(2015, 3, 10);
        boolean marketing = true;
        boolean profiling = true;
        long milesBalance = 12000;
        final List<ObjectNode> flights = new ArrayList<>();
        int complaints;
        int searches;
        int referrals;
        Integer nps;
        ObjectNode trip;
        String channel = "web";
        String intent = "browse";
        final Map<String, BigDecimal> propensities = new LinkedHashMap<>();
        final List<ObjectNode> contacts = new ArrayList<>();

        /** Decides at this instant; {@code today} becomes its UTC date. */
        Request now(String instant) {
            now = instant;
            today = OffsetDateTime.parse(instant).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            return this;
        }

        Request flight(LocalDate date, String cabin, long miles, String status) {
            ObjectNode f = JSON.objectNode();
            f.put("id", "f" + (flights.size() + 1));
            f.put("date", date.toString());
            f.put("cabin", cabin);
            f.put("distanceMiles", miles);
            f.put("status", status);
            flights.add(f);
            return this;
        }

        /** A flown flight, {@code daysAgo} days before today (negative: after today). */
        Request flown(int daysAgo, String cabin, long miles) {
            return flight(today.minusDays(daysAgo), cabin, miles, "flown");
        }

        /**
         * Flown flights in one cabin, {@code totalMiles} in all, in legs of at most 8000 miles, all in the last 365
         * days (a leg every 9 days from 5 days ago).
         */
        Request flownMiles(String cabin, long totalMiles) {
            int leg = 0;
            for (long left = totalMiles; left > 0; left -= 8000, leg++) {
                flown(5 + 9 * leg, cabin, Math.min(8000, left));
            }
            return this;
        }

        /** {@code count} economy flights of 200 miles in the last 365 days, from 1 day ago, every 3 days (wrapping). */
        Request segments(int count) {
            for (int i = 0; i < count; i++) {
                flown(1 + (i * 3) % 363, "economy", 200);
            }
            return this;
        }

        /** An economy flight of 500 miles on each of these days before today. */
        Request flownDays(int... daysAgo) {
            for (int days : daysAgo) {
                flown(days, "economy", 500);
            }
            return this;
        }

        /** {@code count} economy flights of 200 miles spread over the days {@code fromDaysAgo .. toDaysAgo}. */
        Request segmentsBetween(int count, int fromDaysAgo, int toDaysAgo) {
            int span = toDaysAgo - fromDaysAgo + 1;
            for (int i = 0; i < count; i++) {
                flown(fromDaysAgo + i % span, "economy", 200);
            }
            return this;
        }

        /** {@code count} economy flights of 300 miles on Monday to Friday, from 3 days ago back. */
        Request weekdays(int count) {
            return onDays(count, true);
        }

        /** {@code count} economy flights of 300 miles on Saturdays and Sundays, from 3 days ago back. */
        Request weekends(int count) {
            return onDays(count, false);
        }

        private Request onDays(int count, boolean weekday) {
            LocalDate date = today.minusDays(3);
            for (int added = 0; added < count; date = date.minusDays(1)) {
                if (AirlinePolicy.isWeekday(date) == weekday) {
                    flight(date, "economy", 300, "flown");
                    added++;
                }
            }
            return this;
        }

        /** {@code first} flights in {@code firstCabin}, then {@code second} in {@code secondCabin}, 10 days apart. */
        Request cabins(int first, String firstCabin, int second, String secondCabin) {
            for (int i = 0; i < first + second; i++) {
                flown(10 * (i + 1), i < first ? firstCabin : secondCabin, 900);
            }
            return this;
        }

        Request trip(int daysFromToday, String cabin, boolean international, int seats, boolean disrupted) {
            trip = JSON.objectNode();
            trip.put("date", today.plusDays(daysFromToday).toString());
            trip.put("cabin", cabin);
            trip.put("international", international);
            trip.put("upgradeSeatsAvailable", seats);
            trip.put("disrupted", disrupted);
            return this;
        }

        Request contact(String offerId, LocalDate date) {
            ObjectNode c = JSON.objectNode();
            c.put("offerId", offerId);
            c.put("date", date.toString());
            contacts.add(c);
            return this;
        }

        Request propensity(String offerId, String value) {
            propensities.put(offerId, new BigDecimal(value));
            return this;
        }

        Request birthDate(LocalDate date) {
            birthDate = date;
            return this;
        }

        Request enrolledOn(LocalDate date) {
            enrolledOn = date;
            return this;
        }

        Request consents(boolean marketing, boolean profiling) {
            this.marketing = marketing;
            this.profiling = profiling;
            return this;
        }

        Request complaints(int n) {
            complaints = n;
            return this;
        }

        Request searches(int n) {
            searches = n;
            return this;
        }

        Request referrals(int n) {
            referrals = n;
            return this;
        }

        Request nps(Integer score) {
            nps = score;
            return this;
        }

        Request ask(String channel, String intent) {
            this.channel = channel;
            this.intent = intent;
            return this;
        }

        ObjectNode build() {
            ObjectNode body = JSON.objectNode();
            ObjectNode m = body.putObject("member");
            m.put("id", id);
            m.put("birthDate", birthDate.toString());
            m.put("enrolledOn", enrolledOn.toString());
            m.putObject("consents").put("marketing", marketing).put("profiling", profiling);
            m.put("milesBalance", milesBalance);
            ArrayNode f = m.putArray("flights");
            flights.forEach(f::add);
            m.put("complaintsLast90Days", complaints);
            m.put("searchesLast30Days", searches);
            m.put("referrals", referrals);
            if (nps != null) {
                m.put("npsScore", nps);
            }
            if (trip != null) {
                body.set("trip", trip);
            }
            ObjectNode c = body.putObject("context");
            c.put("channel", channel);
            c.put("intent", intent);
            c.put("now", now);
            ObjectNode p = c.putObject("propensities");
            propensities.forEach(p::put);
            ArrayNode h = body.putArray("contactHistory");
            contacts.forEach(h::add);
            return body;
        }
    }

    // ------------------------------------------------------------------------------------------ random members

    /** {@code count} random members; member {@code i} depends only on {@code seed} and {@code i}. */
    public static List<Member> random(long seed, int count) {
        List<Member> members = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            members.add(new Member("random #" + i, random(new Random(seed * 1_000_003L + i), i)));
        }
        return members;
    }

    static ObjectNode random(Random rnd, int n) {
        Request r = new Request();
        r.id = "m-" + n;
        r.now(randomNow(rnd));
        LocalDate today = r.today;

        // Birth dates: some born on 29 February, some with a birthday around today, the rest anywhere.
        int b = rnd.nextInt(100);
        if (b < 10) {
            int year = 1940 + 4 * rnd.nextInt(17); // leap years 1940 .. 2004
            r.birthDate(LocalDate.of(year, 2, 29));
        } else if (b < 30) {
            LocalDate near = today.plusDays(rnd.nextInt(21) - 10);
            int year = 1950 + rnd.nextInt(56);
            r.birthDate(AirlinePolicy.birthdayIn(near, year));
        } else {
            r.birthDate(LocalDate.of(1940, 1, 1).plusDays(rnd.nextInt(365 * 66)));
        }

        // Enrolment: some in the last ~120 days (new members), a few on 29 February, the rest over 25 years.
        int e = rnd.nextInt(100);
        if (e < 20) {
            r.enrolledOn(today.minusDays(rnd.nextInt(121)));
        } else if (e < 23) {
            int year = 2000 + 4 * rnd.nextInt(7);
            LocalDate leapDay = LocalDate.of(year, 2, 29);
            r.enrolledOn(leapDay.isAfter(today) ? today.minusYears(3) : leapDay);
        } else {
            r.enrolledOn(today.minusDays(rnd.nextInt(365 * 25)));
        }
        if (r.birthDate.isAfter(r.enrolledOn)) {
            r.birthDate(r.enrolledOn.minusYears(18 + rnd.nextInt(40)));
        }

        r.consents(rnd.nextInt(100) < 80, rnd.nextInt(100) < 80);
        r.milesBalance = rnd.nextInt(300_001);

        // Flights: 0 to 150 over the last ~2 years, some pushed back (dormant members), some after today,
        // cancelled or booked ones among them.
        int f = rnd.nextInt(100);
        int count = f < 35 ? rnd.nextInt(11) : f < 65 ? 10 + rnd.nextInt(31) : f < 88 ? 40 + rnd.nextInt(61)
                : 100 + rnd.nextInt(51);
        int shift = rnd.nextInt(100) < 15 ? 200 + rnd.nextInt(300) : 0;
        int window = rnd.nextInt(100) < 20 ? 180 + rnd.nextInt(200) : 760;
        for (int i = 0; i < count; i++) {
            LocalDate date;
            if (rnd.nextInt(100) < 8) {
                date = today.plusDays(1 + rnd.nextInt(200));
            } else {
                date = today.minusDays(shift + rnd.nextInt(window));
            }
            int s = rnd.nextInt(100);
            String status = date.isAfter(today) ? (s < 70 ? "booked" : s < 85 ? "cancelled" : "flown")
                    : (s < 88 ? "flown" : s < 95 ? "cancelled" : "booked");
            int c = rnd.nextInt(100);
            String cabin = c < 55 ? "economy" : c < 70 ? "premium-economy" : c < 92 ? "business" : "first";
            long miles = rnd.nextInt(10) == 0 ? 500L * (1 + rnd.nextInt(18)) : 100 + rnd.nextInt(8901);
            r.flight(date, cabin, miles, status);
        }

        r.complaints(weighted(rnd, 60, 25, 10, 5));
        r.searches(rnd.nextInt(9));
        r.referrals(weighted(rnd, 70, 20, 10));
        if (rnd.nextInt(100) < 60) {
            r.nps(rnd.nextInt(11));
        }

        if (rnd.nextInt(100) < 60) {
            int t = rnd.nextInt(100);
            int days = t < 15 ? 0 : t < 25 ? -1 - rnd.nextInt(30) : 1 + rnd.nextInt(120);
            r.trip(days, CABINS.get(rnd.nextInt(CABINS.size())), rnd.nextBoolean(), rnd.nextInt(6),
                    rnd.nextInt(100) < 15);
        }
        r.ask(CHANNELS.get(rnd.nextInt(CHANNELS.size())), INTENTS.get(rnd.nextInt(INTENTS.size())));
        for (String offer : OFFERS) {
            if (rnd.nextInt(100) < 40) {
                int p = rnd.nextInt(100);
                String value = p < 10 ? "0" : p < 20 ? "1" : p < 35 ? "0.5"
                        : BigDecimal.valueOf(rnd.nextInt(101), 2).toPlainString();
                r.propensity(offer, value);
            }
        }
        int contacts = rnd.nextInt(5);
        for (int i = 0; i < contacts; i++) {
            r.contact(OFFERS.get(rnd.nextInt(OFFERS.size())), today.minusDays(rnd.nextInt(19) - 3));
        }
        return r.build();
    }

    /** An instant from 2024 to 2028 (leap years at both ends), mostly in UTC, sometimes with another offset. */
    private static String randomNow(Random rnd) {
        LocalDate date;
        if (rnd.nextInt(100) < 10) {
            // Around the end of February, to meet 29 February birthdays in leap and other years.
            date = LocalDate.of(2024 + rnd.nextInt(5), 2, 20).plusDays(rnd.nextInt(12));
        } else {
            date = LocalDate.of(2024, 1, 1).plusDays(rnd.nextInt(5 * 365 + 1));
        }
        LocalTime time = LocalTime.of(rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60));
        ZoneOffset offset = rnd.nextInt(100) < 15 ? ZoneOffset.ofHours(rnd.nextInt(27) - 12) : ZoneOffset.UTC;
        return OffsetDateTime.of(LocalDateTime.of(date, time), offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static int weighted(Random rnd, int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int pick = rnd.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    // ------------------------------------------------------------------------------------------ boundary members

    /** A plain member decided on {@link #NOW}: consents given, no flights, no trip, nothing that triggers a rule. */
    static Request base() {
        return new Request();
    }

    /** Members built on purpose around every threshold of the policy, each named after what it is for. */
    public static List<Member> boundary() {
        List<Member> all = new ArrayList<>();
        Boundary add = (name, request) -> all.add(new Member("boundary: " + name, request.build()));

        add.to("no flights, no trip", base());

        // ---- qualifying miles around each tier threshold, in every cabin (factors 1, 1.25, 1.5, 2)
        for (long miles : new long[]{24_999, 25_000, 49_999, 50_000, 99_999, 100_000}) {
            add.to("qualifying miles " + miles + " (economy)", base().flownMiles("economy", miles));
        }
        add.to("qualifying miles 24998.75 (premium-economy 19999 mi)", base().flownMiles("premium-economy", 19_999));
        add.to("qualifying miles 25000 (premium-economy 20000 mi)", base().flownMiles("premium-economy", 20_000));
        add.to("qualifying miles 24999 (business 16666 mi)", base().flownMiles("business", 16_666));
        add.to("qualifying miles 25000.5 (business 16667 mi)", base().flownMiles("business", 16_667));
        add.to("qualifying miles 24998 (first 12499 mi)", base().flownMiles("first", 12_499));
        add.to("qualifying miles 25000 (first 12500 mi)", base().flownMiles("first", 12_500));
        add.to("qualifying miles 49998.75 (premium-economy 39999 mi)", base().flownMiles("premium-economy", 39_999));
        add.to("qualifying miles 49999.5 (business 33333 mi)", base().flownMiles("business", 33_333));
        add.to("qualifying miles 50000 (first 25000 mi)", base().flownMiles("first", 25_000));
        add.to("qualifying miles 99999 (business 66666 mi)", base().flownMiles("business", 66_666));
        add.to("qualifying miles 100000 (premium-economy 80000 mi)", base().flownMiles("premium-economy", 80_000));
        add.to("qualifying miles 99998 (first 49999 mi)", base().flownMiles("first", 49_999));
        add.to("qualifying miles 100000.5 (business 66667 mi)", base().flownMiles("business", 66_667));
        add.to("qualifying miles: a flight exactly 365 days ago does not count (24900)",
                base().flownMiles("economy", 24_900).flown(365, "economy", 100));
        add.to("qualifying miles: a flight 364 days ago counts (25000)",
                base().flownMiles("economy", 24_900).flown(364, "economy", 100));
        add.to("qualifying miles: a flight today counts (25000)",
                base().flownMiles("economy", 24_900).flown(0, "economy", 100));
        add.to("qualifying miles: flown but dated tomorrow does not count",
                base().flownMiles("economy", 24_900).flown(-1, "economy", 100));
        add.to("qualifying miles: cancelled and booked flights do not count",
                base().flownMiles("economy", 24_900).flight(base().today.minusDays(3), "economy", 100, "cancelled")
                        .flight(base().today.minusDays(4), "first", 5000, "booked"));

        // ---- milesToNextTier exactly 10% of the next threshold, and just above (tier-nudge)
        add.to("milesToNextTier 2500 = 10% of 25000 (economy 22500)", base().flownMiles("economy", 22_500));
        add.to("milesToNextTier 2501 (economy 22499)", base().flownMiles("economy", 22_499));
        add.to("milesToNextTier 2500.5 (economy 22348 + business 101 mi)",
                base().flownMiles("economy", 22_348).flown(2, "business", 101));
        add.to("milesToNextTier 5000 = 10% of 50000 (economy 45000)", base().flownMiles("economy", 45_000));
        add.to("milesToNextTier 5001 (economy 44999)", base().flownMiles("economy", 44_999));
        add.to("milesToNextTier 5000.5 (economy 44848 + business 101 mi)",
                base().flownMiles("economy", 44_848).flown(2, "business", 101));
        add.to("milesToNextTier 10000 = 10% of 100000 (economy 90000)", base().flownMiles("economy", 90_000));
        add.to("milesToNextTier 10001 (economy 89999)", base().flownMiles("economy", 89_999));
        add.to("milesToNextTier 10000.5 (economy 89848 + business 101 mi)",
                base().flownMiles("economy", 89_848).flown(2, "business", 101));
        add.to("milesToNextTier of a silver member by segments (25 segments, 5000 miles)", base().segments(25));

        // ---- qualifying segments around each tier threshold
        for (int n : new int[]{24, 25, 49, 50, 99, 100}) {
            add.to("qualifying segments " + n, base().segments(n));
        }
        add.to("qualifying segments 24 + one exactly 365 days ago (not counted)", base().segments(24).flown(365, "economy", 200));
        add.to("qualifying segments 24 + one 364 days ago (counted)", base().segments(24).flown(364, "economy", 200));
        add.to("qualifying segments 11 (not frequent-flyer)", base().segments(11));
        add.to("qualifying segments 12 (frequent-flyer)", base().segments(12));

        // ---- days since the last flight: post-purchase 14/15, churn 90/91, 180/181, 270/271, dormant 365/366
        for (int days : new int[]{0, 14, 15, 90, 91, 180, 181, 270, 271, 365, 366}) {
            add.to("daysSinceLastFlight " + days, base().flown(days, "economy", 500));
        }
        add.to("daysSinceLastFlight 366 with profiling off", base().flown(366, "economy", 500).consents(true, false));
        add.to("daysSinceLastFlight: the newest flown flight, not a later cancelled one",
                base().flown(200, "economy", 500).flight(base().today.minusDays(2), "economy", 500, "cancelled"));

        // ---- weekday share (business-traveller): exactly 60% and just below
        add.to("weekday share 6 of 10 = 60%", base().weekdays(6).weekends(4));
        add.to("weekday share 5 of 10 = 50%", base().weekdays(5).weekends(5));
        add.to("weekday share 21 of 35 = 60%", base().weekdays(21).weekends(14));
        add.to("weekday share 19 of 32 = 59.4%", base().weekdays(19).weekends(13));
        add.to("weekday share 20 of 34 = 58.8%", base().weekdays(20).weekends(14));
        add.to("weekday share 4 of 6 (6 segments)", base().weekdays(4).weekends(2));
        add.to("weekday share 5 of 5 (5 segments, too few)", base().weekdays(5));
        add.to("weekday share 5 of 10, older weekday flights not counted",
                base().weekdays(5).weekends(5).flown(400, "economy", 300).flown(401, "economy", 300)
                        .flown(402, "economy", 300).flown(403, "economy", 300));

        // ---- premium share (premium-cabin): exactly 50% and just below
        add.to("premium share 1 business of 2 = 50%", base().flown(10, "business", 900).flown(20, "economy", 900));
        add.to("premium share 1 first of 2 = 50%", base().flown(10, "first", 900).flown(20, "economy", 900));
        add.to("premium share 1 of 3 = 33%", base().flown(10, "business", 900).flown(20, "economy", 900)
                .flown(30, "economy", 900));
        add.to("premium share 5 of 10 = 50%", base().cabins(5, "business", 5, "economy"));
        add.to("premium share 4 of 9 = 44%", base().cabins(4, "first", 5, "economy"));
        add.to("premium share: premium-economy is not premium (1 of 2)",
                base().flown(10, "business", 900).flown(20, "premium-economy", 900).flown(30, "premium-economy", 900));
        add.to("premium share 1 of 1 (one flight, too few)", base().flown(10, "business", 900));
        add.to("premium share 1 of 2, an older business flight not counted", base().flown(10, "business", 900)
                .flown(20, "economy", 900).flown(25, "economy", 900).flown(370, "business", 900));

        // ---- declining: segmentsPrior >= 4 and 2 x segments180d <= segmentsPrior
        add.to("declining: prior 4 (one exactly 180 days ago), last 180 days 2",
                base().flownDays(180, 200, 250, 300).flownDays(30, 100));
        add.to("declining: prior 3, last 180 days 3 (one 179 days ago)",
                base().flownDays(200, 250, 300).flownDays(30, 100, 179));
        add.to("declining: prior 4, last 180 days 3", base().flownDays(180, 200, 250, 300).flownDays(30, 100, 150));
        add.to("declining: prior 4, last 180 days 0", base().flownDays(181, 200, 250, 364));
        add.to("declining: prior 3 + one exactly 365 days ago, last 180 days 0", base().flownDays(200, 250, 300, 365));
        add.to("declining: prior 6, last 180 days 3", base().flownDays(190, 200, 220, 250, 300, 340).flownDays(10, 50, 90));
        add.to("declining: prior 6, last 180 days 4",
                base().flownDays(190, 200, 220, 250, 300, 340).flownDays(10, 50, 90, 120));
        add.to("declining with profiling off", base().flownDays(181, 200, 250, 364).consents(true, false));

        // ---- churn risk scores and levels
        add.to("churn 60 high: 271 days + declining", base().flownDays(271, 300, 330, 360));
        add.to("churn 45 medium: 270 days (25) + declining (20)", base().flownDays(270, 300, 330, 360));
        add.to("churn 55 medium: 271 days + nps 6", base().flown(271, "economy", 500).nps(6));
        add.to("churn 40 medium: 271 days + nps 7", base().flown(271, "economy", 500).nps(7));
        add.to("churn 70 high: 271 days + 2 complaints", base().flown(271, "economy", 500).complaints(2));
        add.to("churn 55 medium: 271 days + 1 complaint", base().flown(271, "economy", 500).complaints(1));
        add.to("churn 70 high: 181 days + 2 complaints + nps 6", base().flown(181, "economy", 500).complaints(2).nps(6));
        add.to("churn 30 medium: 2 complaints, no flights", base().complaints(2));
        add.to("churn 30 medium: 1 complaint + nps 6", base().complaints(1).nps(6));
        add.to("churn 15 low: 1 complaint + nps 7", base().complaints(1).nps(7));
        add.to("churn 40 medium: 91 days + 1 complaint + nps 6", base().flown(91, "economy", 500).complaints(1).nps(6));
        add.to("churn 45 medium: no flights + 3 complaints + nps 0", base().complaints(3).nps(0));
        add.to("churn 0: nps 10, no flights", base().nps(10));
        add.to("churn high with profiling off", base().flown(271, "economy", 500).complaints(2).consents(true, false));

        // ---- churn high raises the service level one step above blue
        add.to("churn high, blue: stays standard", base().flownDays(271, 300, 330, 360).complaints(2));
        add.to("churn high, silver (25 old segments): priority raised to premium",
                base().segmentsBetween(25, 271, 364).complaints(0));
        add.to("churn high, gold (50 old segments): premium raised to elite", base().segmentsBetween(50, 272, 364));
        add.to("churn high, platinum (100 old segments): elite stays", base().segmentsBetween(100, 275, 364));
        add.to("churn medium, silver: not raised", base().segments(25).complaints(2));

        // ---- journey stage
        add.to("journey: advocacy by a referral", base().flown(100, "economy", 500).referrals(1));
        add.to("journey: a referral without flights is not advocacy", base().referrals(1).searches(3));
        add.to("journey: a referral with only a cancelled flight is not advocacy",
                base().referrals(1).flight(base().today.minusDays(3), "economy", 500, "cancelled"));
        add.to("journey: advocacy by nps 9", base().flown(100, "economy", 500).nps(9));
        add.to("journey: nps 8, flight 14 days ago: post-purchase", base().flown(14, "economy", 500).nps(8));
        add.to("journey: flight 15 days ago, trip today: decision",
                base().flown(15, "economy", 500).trip(0, "economy", false, 0, false));
        add.to("journey: trip yesterday, 3 searches: consideration",
                base().trip(-1, "economy", false, 0, false).searches(3));
        add.to("journey: 2 searches: awareness", base().searches(2));
        add.to("journey: advocacy by a flight of 400 days ago and a referral", base().flown(400, "economy", 500).referrals(2));

        // ---- birthday within 0 to 7 days (29 February counts as 28 February in other years)
        LocalDate today = base().today;
        add.to("birthday today (0 days)", base().birthDate(today.minusYears(40)));
        add.to("birthday in 7 days", base().birthDate(today.plusDays(7).minusYears(40)));
        add.to("birthday in 8 days", base().birthDate(today.plusDays(8).minusYears(40)));
        add.to("birthday yesterday", base().birthDate(today.minusDays(1).minusYears(40)));
        LocalDate leapBorn = LocalDate.of(1984, 2, 29);
        add.to("born 29 Feb, today 2027-02-21: 28 Feb in 7 days", base().now("2027-02-21T08:00:00Z").birthDate(leapBorn));
        add.to("born 29 Feb, today 2027-02-20: 8 days", base().now("2027-02-20T08:00:00Z").birthDate(leapBorn));
        add.to("born 29 Feb, today 2027-02-28: 0 days", base().now("2027-02-28T08:00:00Z").birthDate(leapBorn));
        add.to("born 29 Feb, today 2027-03-01: passed", base().now("2027-03-01T08:00:00Z").birthDate(leapBorn));
        add.to("born 29 Feb, today 2028-02-22: 29 Feb in 7 days", base().now("2028-02-22T08:00:00Z").birthDate(leapBorn));
        add.to("born 29 Feb, today 2028-02-21: 8 days", base().now("2028-02-21T08:00:00Z").birthDate(leapBorn));
        add.to("born 29 Feb, today 2028-02-29: 0 days", base().now("2028-02-29T08:00:00Z").birthDate(leapBorn));
        add.to("born 29 Feb, today 2028-02-28: 1 day", base().now("2028-02-28T08:00:00Z").birthDate(leapBorn));
        add.to("born 28 Feb, today 2028-02-29: passed",
                base().now("2028-02-29T08:00:00Z").birthDate(LocalDate.of(1990, 2, 28)));
        add.to("born 1 Mar, today 2028-02-23: 7 days over 29 Feb",
                base().now("2028-02-23T08:00:00Z").birthDate(LocalDate.of(1990, 3, 1)));
        add.to("born 1 Mar, today 2028-02-22: 8 days over 29 Feb",
                base().now("2028-02-22T08:00:00Z").birthDate(LocalDate.of(1990, 3, 1)));
        add.to("born 1 Mar, today 2027-02-22: 7 days", base().now("2027-02-22T08:00:00Z").birthDate(LocalDate.of(1990, 3, 1)));
        add.to("born 4 Jan, today 2027-12-28: 7 days into the next year",
                base().now("2027-12-28T08:00:00Z").birthDate(LocalDate.of(1970, 1, 4)));
        add.to("born 5 Jan, today 2027-12-28: 8 days into the next year",
                base().now("2027-12-28T08:00:00Z").birthDate(LocalDate.of(1970, 1, 5)));
        add.to("birthday in 7 days, marketing off", base().birthDate(today.plusDays(7).minusYears(40)).consents(false, true));

        // ---- tenure (companion-voucher: platinum and tenureYears >= 5)
        add.to("tenure exactly 5 years, platinum", base().segments(100).enrolledOn(today.minusYears(5)));
        add.to("tenure a day short of 5 years, platinum", base().segments(100).enrolledOn(today.minusYears(5).plusDays(1)));
        add.to("tenure 5 years, gold", base().segments(99).enrolledOn(today.minusYears(5)));
        add.to("tenure: enrolled 29 Feb 2020, today 2025-02-28", base().now("2025-02-28T12:00:00Z").segments(100)
                .enrolledOn(LocalDate.of(2020, 2, 29)));
        add.to("tenure: enrolled 29 Feb 2020, today 2025-03-01", base().now("2025-03-01T12:00:00Z").segments(100)
                .enrolledOn(LocalDate.of(2020, 2, 29)));
        add.to("tenure: enrolled 29 Feb 2020, today 2024-02-29", base().now("2024-02-29T12:00:00Z").segments(100)
                .enrolledOn(LocalDate.of(2020, 2, 29)));

        // ---- new member (fewer than 90 days) and welcome-bonus (new-member and no flights)
        add.to("enrolled 89 days ago, no flights", base().enrolledOn(today.minusDays(89)));
        add.to("enrolled 90 days ago, no flights", base().enrolledOn(today.minusDays(90)));
        add.to("enrolled today, no flights", base().enrolledOn(today));
        add.to("enrolled 89 days ago, one flight", base().enrolledOn(today.minusDays(89)).flown(20, "economy", 700));
        add.to("enrolled 89 days ago, only a booked flight ahead",
                base().enrolledOn(today.minusDays(89)).flight(today.plusDays(30), "economy", 700, "booked"));
        add.to("enrolled 89 days ago, only a flown flight dated tomorrow",
                base().enrolledOn(today.minusDays(89)).flight(today.plusDays(1), "economy", 700, "flown"));
        add.to("enrolled 89 days ago, profiling off", base().enrolledOn(today.minusDays(89)).consents(true, false));

        // ---- consents
        Request everything = base().flownDays(271, 300, 330, 360).complaints(2).nps(3).birthDate(today.minusYears(30))
                .trip(3, "economy", true, 2, false).enrolledOn(today.minusDays(10));
        add.to("consents: both given", everything);
        add.to("consents: profiling off", copyOf(everything).consents(true, false));
        add.to("consents: marketing off", copyOf(everything).consents(false, true));
        add.to("consents: both off", copyOf(everything).consents(false, false));

        // ---- offers on a trip
        add.to("offers: silver, economy trip today, 1 seat", base().segments(25).trip(0, "economy", true, 1, false));
        add.to("offers: silver, economy trip today, 0 seats", base().segments(25).trip(0, "economy", true, 0, false));
        add.to("offers: silver, premium-economy trip", base().segments(25).trip(5, "premium-economy", false, 4, false));
        add.to("offers: silver, business trip", base().segments(25).trip(5, "business", true, 4, false));
        add.to("offers: silver, trip yesterday", base().segments(25).trip(-1, "economy", true, 4, false));
        add.to("offers: blue, international trip today", base().trip(0, "economy", true, 4, false));
        add.to("offers: blue, domestic trip ahead", base().trip(20, "first", false, 4, false));
        add.to("offers: gold, international economy trip", base().segments(50).trip(9, "economy", true, 4, false));
        add.to("offers: platinum, international economy trip, tenure 10",
                base().segments(100).trip(9, "economy", true, 4, false));
        add.to("offers: more than 3, the lowest left out",
                base().flownMiles("economy", 23_000).trip(0, "economy", true, 4, false).birthDate(today.minusYears(33)));
        add.to("offers: three ties at 20, by id",
                base().segments(25).trip(2, "economy", true, 4, false)
                        .birthDate(today.plusDays(2).minusYears(50))
                        .propensity("upgrade-offer", "0.4").propensity("birthday-miles", "0.80"));
        add.to("offers: four ties at 7, the last id left out",
                base().segmentsBetween(25, 271, 364).trip(2, "economy", true, 4, false)
                        .birthDate(today.plusDays(2).minusYears(50)).propensity("win-back-double-miles", "0.2")
                        .propensity("upgrade-offer", "0.14").propensity("lounge-day-pass", "0.35")
                        .propensity("birthday-miles", "0.28"));
        add.to("offers: propensity 0 still scores 0", base().trip(0, "economy", true, 4, false)
                .propensity("lounge-day-pass", "0").propensity("extra-baggage-offer", "0.125"));
        add.to("offers: propensity 0.125 x 8 = 1", base().trip(0, "economy", false, 4, false)
                .propensity("extra-baggage-offer", "0.125"));
        add.to("offers: contacted exactly 7 days ago, still offered",
                base().trip(0, "economy", true, 4, false).contact("lounge-day-pass", today.minusDays(7)));
        add.to("offers: contacted 6 days ago, left out",
                base().trip(0, "economy", true, 4, false).contact("lounge-day-pass", today.minusDays(6)));
        add.to("offers: contacted today, left out",
                base().trip(0, "economy", true, 4, false).contact("extra-baggage-offer", today));
        add.to("offers: contact dated tomorrow, still offered",
                base().trip(0, "economy", true, 4, false).contact("lounge-day-pass", today.plusDays(1)));
        add.to("offers: a left-out offer makes room for a fourth",
                base().flownMiles("economy", 23_000).trip(0, "economy", true, 4, false).birthDate(today.minusYears(33))
                        .contact("birthday-miles", today.minusDays(1)));

        // ---- routing, first that holds
        add.to("routing: disrupted trip, gold", base().segments(50).trip(0, "economy", true, 0, true));
        add.to("routing: disrupted trip, platinum", base().segments(100).trip(0, "economy", true, 0, true));
        add.to("routing: disrupted trip, silver", base().segments(25).trip(0, "economy", true, 0, true));
        add.to("routing: disrupted trip in the past, blue", base().trip(-10, "economy", true, 0, true));
        add.to("routing: cancel and churn high", base().flown(271, "economy", 500).complaints(2).ask("app", "cancel"));
        add.to("routing: cancel and churn medium", base().complaints(2).ask("app", "cancel"));
        add.to("routing: cancel, churn high, platinum", base().segmentsBetween(100, 275, 364).ask("call-centre", "cancel"));
        add.to("routing: platinum with a complaint", base().segments(100).ask("chat", "complaint"));
        add.to("routing: complaint", base().ask("email", "complaint"));
        for (String intent : INTENTS) {
            add.to("routing: chat, " + intent, base().ask("chat", intent));
        }
        add.to("routing: app, booking", base().ask("app", "booking"));

        // ---- today is the UTC date of context.now
        add.to("now 2026-11-22T23:30:00-05:00 is 23 Nov in UTC: a flight dated 23 Nov counts",
                base().now("2026-11-22T23:30:00-05:00").flight(LocalDate.of(2026, 11, 23), "economy", 500, "flown"));
        add.to("now 2026-11-23T00:30:00+02:00 is 22 Nov in UTC: a flight dated 23 Nov does not count",
                base().now("2026-11-23T00:30:00+02:00").flight(LocalDate.of(2026, 11, 23), "economy", 500, "flown")
                        .flight(LocalDate.of(2026, 11, 8), "economy", 500, "flown"));
        add.to("now with fractional seconds", base().now("2026-11-22T10:00:00.123Z").flown(14, "economy", 500));
        return all;
    }

    @FunctionalInterface
    private interface Boundary {
        void to(String name, Request request);
    }

    private static Request copyOf(Request r) {
        Request c = new Request();
        c.id = r.id;
        c.now = r.now;
        c.today = r.today;
        c.birthDate = r.birthDate;
        c.enrolledOn = r.enrolledOn;
        c.marketing = r.marketing;
        c.profiling = r.profiling;
        c.milesBalance = r.milesBalance;
        r.flights.forEach(f -> c.flights.add(f.deepCopy()));
        c.complaints = r.complaints;
        c.searches = r.searches;
        c.referrals = r.referrals;
        c.nps = r.nps;
        c.trip = r.trip == null ? null : r.trip.deepCopy();
        c.channel = r.channel;
        c.intent = r.intent;
        c.propensities.putAll(r.propensities);
        r.contacts.forEach(x -> c.contacts.add(x.deepCopy()));
        return c;
    }
}
