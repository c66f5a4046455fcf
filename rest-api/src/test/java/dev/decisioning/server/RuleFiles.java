package dev.decisioning.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The bundled retail-loyalty files, and variations of them a business user might publish. */
final class RuleFiles {
    static final Path RETAIL = TestServer.BUNDLED_RULES.resolve("retail-loyalty");
    static final String SILVER_AT_500 = "<text>&gt;= 500</text>";

    private RuleFiles() {
    }

    static Map<String, byte[]> retailLoyalty() {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : new String[] {"customer-decision.dmn", "customer-metrics.drl", "customer-segments.drl.csv",
                "data-model.schema.json", "ruleset.json"}) {
            try {
                files.put(name, Files.readAllBytes(RETAIL.resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The bundled decision model with silver reached at {@code threshold} instead of 500. */
    static String decisionModelWithSilverAt(int threshold) {
        try {
            String dmn = Files.readString(RETAIL.resolve("customer-decision.dmn"));
            if (!dmn.contains(SILVER_AT_500)) {
                throw new IllegalStateException("the bundled model no longer has the silver row this test edits");
            }
            return dmn.replace(SILVER_AT_500, "<text>&gt;= " + threshold + "</text>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] zip(Map<String, byte[]> files) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A customer who spent 450.00 in the last year: bronze at the bundled thresholds, silver when silver is 400. */
    static String customerWhoSpent450() {
        return """
                {"customer": {"id": "c-450", "signupDate": "2020-01-01", "marketingConsent": true,
                   "orders": [{"id": "o1", "date": "2026-11-01", "amount": 450.00}]},
                 "context": {"now": "2026-11-22T10:00:00Z"}}""";
    }
}
