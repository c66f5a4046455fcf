package dev.decisioning.server.http;

import java.util.List;
import java.util.Locale;

/** Which known name a mistyped one most likely meant. */
final class Names {
    private Names() {
    }

    /**
     * The known name closest to {@code name} by edits (a letter added, left out, changed or two swapped), when it is
     * close enough to be a typo of it: at most 2 edits, or a quarter of its length for longer names; null otherwise.
     */
    static String closest(String name, List<String> known) {
        if (name == null) {
            return null;
        }
        String typed = name.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, typed.length() / 4);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
            if (distance > 0 && distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Edits between two names (optimal string alignment: insert, delete, replace, swap two neighbours). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
