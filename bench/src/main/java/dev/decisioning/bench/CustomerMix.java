package dev.decisioning.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fixed, varied population of decision requests: 0 to 200 orders, every channel and intent, some consent, some
 * propensities and contact history. Seeded, so every run and every benchmark sees the same customers.
 */
final class CustomerMix {
    static final String NOW = "2026-11-22T10:00:00Z";
    private static final String[] CHANNELS = {"web", "app", "chat", "call-centre", "email", "store"};
    private static final String[] INTENTS = {"browse", "purchase", "support", "complaint", "cancel"};
    private static final String[] OFFERS = {"birthday-gift", "welcome-10", "win-back-20", "points-reward", "tier-nudge"};

    private CustomerMix() {
    }

    /** {@code count} request bodies as JSON text. */
    static List<String> bodies(int count) {
        Random random = new Random(20261122L);
        LocalDate today = LocalDate.parse("2026-11-22");
        List<String> bodies = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            int orders = switch (c % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(5);
                case 2 -> 5 + random.nextInt(30);
                default -> 35 + random.nextInt(166);
            };
            StringBuilder json = new StringBuilder(256 + orders * 80);
            json.append("{\"customer\":{\"id\":\"c-").append(c).append('"')
                    .append(",\"birthDate\":\"").append(today.minusYears(18 + random.nextInt(60)).minusDays(random.nextInt(365))).append('"')
                    .append(",\"signupDate\":\"").append(today.minusDays(random.nextInt(3000))).append('"')
                    .append(",\"marketingConsent\":").append(random.nextInt(10) < 8)
                    .append(",\"pointsBalance\":").append(random.nextInt(1500))
                    .append(",\"sessionsLast30Days\":").append(random.nextInt(10))
                    .append(",\"cartItems\":").append(random.nextInt(3))
                    .append(",\"referrals\":").append(random.nextInt(10) == 0 ? 1 : 0)
                    .append(",\"npsScore\":").append(random.nextInt(11))
                    .append(",\"orders\":[");
            for (int o = 0; o < orders; o++) {
                if (o > 0) {
                    json.append(',');
                }
                BigDecimal amount = BigDecimal.valueOf(500 + random.nextInt(40000), 2).setScale(2, RoundingMode.UNNECESSARY);
                json.append("{\"id\":\"o").append(o).append("\",\"date\":\"").append(today.minusDays(random.nextInt(700)))
                        .append("\",\"amount\":").append(amount.toPlainString())
                        .append(",\"couponUsed\":").append(random.nextBoolean()).append('}');
            }
            json.append("]},\"context\":{\"channel\":\"").append(CHANNELS[random.nextInt(CHANNELS.length)])
                    .append("\",\"intent\":\"").append(INTENTS[random.nextInt(INTENTS.length)])
                    .append("\",\"now\":\"").append(NOW).append("\",\"propensities\":{\"")
                    .append(OFFERS[random.nextInt(OFFERS.length)]).append("\":0.").append(1 + random.nextInt(9))
                    .append("}},\"contactHistory\":[{\"offerId\":\"").append(OFFERS[random.nextInt(OFFERS.length)])
                    .append("\",\"date\":\"").append(today.minusDays(random.nextInt(14))).append("\"}]}");
            bodies.add(json.toString());
        }
        return bodies;
    }
}
