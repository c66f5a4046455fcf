package dev.decisioning.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Request bodies an attacker would try: a valid request, mutated, or something that is not one at all. */
final class HostileBodies {
    /** A valid customer decision request. */
    static final String DECISION = """
            {"customer": {"id": "c-1001", "birthDate": "1990-11-25", "signupDate": "2024-03-01",
              "marketingConsent": true, "pointsBalance": 620,
              "orders": [{"id": "o1", "date": "2026-10-01", "amount": 120.50, "couponUsed": false}],
              "sessionsLast30Days": 4, "cartItems": 2, "referrals": 0, "npsScore": 7},
             "context": {"channel": "app", "intent": "purchase", "now": "2026-11-22T10:00:00Z",
              "propensities": {"win-back-20": 0.4}},
             "contactHistory": [{"offerId": "win-back-20", "date": "2026-11-20"}]}""";
    /** A valid request of the member-perks test rule set, which checks requests against its own data model. */
    static final String DATA_MODEL_DECISION = """
            {"member": {"id": "m-7", "birthDate": "1990-11-03", "points": 250, "status": "active",
                        "visits": [{"date": "2026-11-20", "spend": 30.10}]},
             "context": {"channel": "app", "now": "2026-11-22T10:00:00Z"}}""";
    /** A valid evaluation of the hit-policies test model. */
    static final String EVALUATION = """
            {"model": "Hit Policies", "inputs": {"score": 42, "category": "gold"}}""";
    /** A valid test run posting one suite, and a valid impact preview. */
    static final String TEST_RUN = """
            {"version": 1, "suites": [{"file": "a.yaml", "content": "cases: []"}]}""";
    static final String PREVIEW = """
            {"customers": [{"customer": {"id": "c-1", "orders": [{"id": "o", "date": "2026-01-01", "amount": 5}]}}]}""";
    static final List<String> NUMBERS = List.of("1e1000000", "-1e1000000", "1e-100000", "0e-999999", "1E+2147483648",
            "123456789012345678901234567890123456789", "-0", "0.0000000000000000000000000000000000001",
            "99999999999999999999", "1.5", "-2147483649", "9223372036854775808", "NaN", "Infinity", "-Infinity",
            "1e", "--1", "0x10", "01", ".5", "1.e3");
    static final List<String> VALUES = List.of("null", "true", "false", "\"\"", "[]", "{}", "\"2026-02-30\"",
            "\"2026-11-22T10:00:00\"", "\"\\u0000\"", "\"\\ud800\"", "\"𝕏\"", "[null]", "[1, \"a\", {}]",
            "{\"__proto__\": 1}", "\"../../etc/passwd\"", "\"<script>\"");

    private HostileBodies() {
    }

    static byte[] next(Random random, String valid) {
        return switch (random.nextInt(12)) {
            case 0 -> replaceValue(valid, random, NUMBERS.get(random.nextInt(NUMBERS.size())));
            case 1 -> replaceValue(valid, random, VALUES.get(random.nextInt(VALUES.size())));
            case 2 -> deepNesting(random);
            case 3 -> invalidUtf8(valid, random);
            case 4 -> duplicateKeys(valid, random);
            case 5 -> hugeArray(random);
            case 6 -> longString(valid, random);
            case 7 -> truncated(valid, random);
            case 8 -> randomBytes(random);
            case 9 -> replaceValue(valid, random, randomJson(random, 4));
            case 10 -> unknownFields(valid, random);
            default -> valid.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The valid request with the value after one randomly chosen key replaced. */
    private static byte[] replaceValue(String valid, Random random, String value) {
        int colon = nthColon(valid, random);
        int end = colon + 1;
        int depth = 0;
        boolean inString = false;
        for (; end < valid.length(); end++) {
            char c = valid.charAt(end);
            if (inString) {
                if (c == '\\') {
                    end++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
        }
        return (valid.substring(0, colon + 1) + " " + value + valid.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private static int nthColon(String valid, Random random) {
        long colons = valid.chars().filter(c -> c == ':').count();
        long pick = random.nextInt((int) colons);
        int at = -1;
        for (int i = 0; i <= pick; i++) {
            at = valid.indexOf(':', at + 1);
        }
        return at;
    }

    private static byte[] deepNesting(Random random) {
        int depth = 10 + random.nextInt(random.nextBoolean() ? 100 : 20_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return ("{\"customer\": " + open.repeat(depth) + "1" + close.repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] invalidUtf8(String valid, Random random) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xF8};
        int at = random.nextInt(bytes.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.write(bad, 0, 1 + random.nextInt(bad.length));
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private static byte[] duplicateKeys(String valid, Random random) {
        return valid.replaceFirst("\\{\"customer\": \\{\"id\": \"c-1001\",",
                "{\"customer\": {\"id\": \"c-1001\", \"id\": " + (random.nextBoolean() ? "\"c-2\"" : "7") + ",")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hugeArray(Random random) {
        int count = 1_000 + random.nextInt(random.nextInt(10) == 0 ? 300_000 : 20_000);
        StringBuilder orders = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            orders.append(i == 0 ? "" : ",").append(random.nextBoolean()
                    ? "{\"id\":\"o\",\"date\":\"2026-10-01\",\"amount\":1}" : "0");
        }
        return ("{\"customer\": {\"id\": \"c\", \"orders\": " + orders + "]}, \"inputs\": {\"x\": " + orders + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] longString(String valid, Random random) {
        String text = "x".repeat(1_000 + random.nextInt(random.nextInt(20) == 0 ? 5_000_000 : 100_000));
        return replaceValue(valid, random, "\"" + text + "\"");
    }

    private static byte[] truncated(String valid, Random random) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        byte[] cut = new byte[random.nextInt(bytes.length)];
        System.arraycopy(bytes, 0, cut, 0, cut.length);
        return cut;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(2_000)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] unknownFields(String valid, Random random) {
        String name = random.nextBoolean() ? "k".repeat(random.nextInt(5_000) + 1) : "unknown" + random.nextInt(100);
        return valid.replaceFirst("\\{", "{\"" + name + "\": 1, ").getBytes(StandardCharsets.UTF_8);
    }

    private static String randomJson(Random random, int depth) {
        int kind = random.nextInt(depth <= 0 ? 4 : 6);
        return switch (kind) {
            case 0 -> NUMBERS.get(random.nextInt(NUMBERS.size()));
            case 1 -> VALUES.get(random.nextInt(VALUES.size()));
            case 2 -> String.valueOf(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 3 -> "\"" + Long.toString(random.nextLong(), 36) + "\"";
            case 4 -> {
                StringBuilder list = new StringBuilder("[");
                for (int i = 0, n = random.nextInt(5); i < n; i++) {
                    list.append(i == 0 ? "" : ",").append(randomJson(random, depth - 1));
                }
                yield list.append(']').toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                for (int i = 0, n = random.nextInt(5); i < n; i++) {
                    object.append(i == 0 ? "" : ",").append("\"k").append(random.nextInt(10)).append("\":")
                            .append(randomJson(random, depth - 1));
                }
                yield object.append('}').toString();
            }
        };
    }
}
