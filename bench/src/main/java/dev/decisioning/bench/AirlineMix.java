package dev.decisioning.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Airline members for the benchmark: 0 to 120 flights over two years, every optional field present, fixed seed. */
final class AirlineMix {
    private static final String[] CABINS = {"economy", "premium-economy", "business", "first"};
    private static final String[] STATUSES = {"flown", "flown", "flown", "cancelled", "booked"};
    private static final String[] CHANNELS = {"web", "app", "chat", "call-centre", "email", "airport"};
    private static final String[] INTENTS = {"browse", "booking", "check-in", "baggage", "complaint", "cancel"};
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    private AirlineMix() {
    }

    static List<String> bodies(int count) {
        Random random = new Random(20261122);
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder flights = new StringBuilder();
            int flightCount = random.nextInt(121);
            for (int f = 0; f < flightCount; f++) {
                flights.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"id\":\"f%d\",\"date\":\"%s\",\"cabin\":\"%s\",\"distanceMiles\":%d,\"status\":\"%s\"}", f,
                        TODAY.minusDays(random.nextInt(730) - 30), CABINS[random.nextInt(CABINS.length)],
                        200 + random.nextInt(7000), STATUSES[random.nextInt(STATUSES.length)]));
            }
            bodies.add(String.format(Locale.ROOT, """
                    {"member": {"id": "m-%d", "birthDate": "%s", "enrolledOn": "%s",
                       "consents": {"marketing": %b, "profiling": %b}, "milesBalance": %d, "flights": [%s],
                       "complaintsLast90Days": %d, "searchesLast30Days": %d, "referrals": %d, "npsScore": %d},
                     "trip": {"date": "%s", "cabin": "%s", "international": %b, "upgradeSeatsAvailable": %d,
                       "disrupted": %b},
                     "context": {"channel": "%s", "intent": "%s", "now": "2026-11-22T10:00:00Z",
                       "propensities": {"upgrade-offer": 0.6, "tier-nudge": 0.9}},
                     "contactHistory": [{"offerId": "lounge-day-pass", "date": "2026-11-20"}]}""",
                    i, TODAY.minusYears(20 + random.nextInt(50)).minusDays(random.nextInt(365)),
                    TODAY.minusDays(random.nextInt(4000)), random.nextInt(10) > 0, random.nextInt(10) > 0,
                    random.nextInt(200_000), flights, random.nextInt(3), random.nextInt(6), random.nextInt(2),
                    random.nextInt(11), TODAY.plusDays(random.nextInt(60) - 10), CABINS[random.nextInt(CABINS.length)],
                    random.nextBoolean(), random.nextInt(4), random.nextInt(10) == 0,
                    CHANNELS[random.nextInt(CHANNELS.length)], INTENTS[random.nextInt(INTENTS.length)]));
        }
        return bodies;
    }
}
