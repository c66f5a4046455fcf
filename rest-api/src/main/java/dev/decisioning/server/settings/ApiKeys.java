package dev.decisioning.server.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys of the channel apps, read once from a file ({@code --api-keys}): each key names the app that holds it
 * ({@code web-shop}, {@code call-centre}) and what it may do. Only SHA-256 digests of the keys are kept in memory, and
 * a presented key is compared with every one of them in constant time.
 *
 * <p>One key a line: the channel, the key, and optionally its permissions, separated by spaces; {@code #} starts a
 * comment. The key is written as it is sent, or as {@code sha256:} and the hex digest of it, so that the file need not
 * hold the key itself:
 * <pre>
 * # channel     key                                  permissions (default: decide)
 * web-shop      3q2Rb1t0oQmT8yHq5wYbWvZ1            decide
 * call-centre   sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8  decide,read-decisions
 * </pre>
 */
public final class ApiKeys {
    public static final String FILE_ENV = "DECISIONING_API_KEYS_FILE";
    /** No keys: the decision endpoints are open. */
    public static final ApiKeys NONE = new ApiKeys(List.of());
    /** Keys shorter than this are refused: they could be guessed. */
    public static final int MIN_KEY_LENGTH = 16;
    private static final String DIGEST_PREFIX = "sha256:";
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** What a key may hold so that it can be sent as a bearer token (RFC 6750's b64token). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

    /** What a key lets its holder do. */
    public enum Permission {
        /** Ask for decisions and model evaluations. */
        DECIDE("decide"),
        /** Read logged decisions back ({@code GET /api/v1/decisions/{id}}). */
        READ_DECISIONS("read-decisions");

        private final String name;

        Permission(String name) {
            this.name = name;
        }

        /** As the file writes it. */
        public String label() {
            return name;
        }

        static Optional<Permission> named(String text) {
            for (Permission permission : values()) {
                if (permission.name.equals(text.toLowerCase(Locale.ROOT))) {
                    return Optional.of(permission);
                }
            }
            return Optional.empty();
        }
    }

    /** A channel app's key: who holds it and what it may do. */
    public record Holder(String channel, Set<Permission> permissions) {
        public Holder {
            permissions = Set.copyOf(permissions);
        }

        public boolean may(Permission permission) {
            return permissions.contains(permission);
        }
    }

    private record Key(byte[] digest, Holder holder) {
    }

    private final List<Key> keys;

    private ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Reads the keys of a file.
     *
     * @throws IllegalArgumentException saying what is wrong, and on which line, when the file cannot be read or used
     */
    public static ApiKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file.toAbsolutePath().normalize() + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        ApiKeys keys = parse(lines, file.toString());
        if (!keys.configured()) {
            throw new IllegalArgumentException(file.toAbsolutePath().normalize() + " holds no keys; list one per line as "
                    + "CHANNEL KEY [PERMISSIONS]");
        }
        return keys;
    }

    /** Keys from lines as a file holds them; {@code source} names the file in errors. */
    public static ApiKeys parse(List<String> lines, String source) {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String[] parts = (comment < 0 ? line : line.substring(0, comment)).trim().split("\\s+");
            if (parts.length == 1 && parts[0].isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException(where + "expected CHANNEL KEY [PERMISSIONS]");
            }
            if (!CHANNEL.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(where + "'" + parts[0] + "' is not a channel name (letters, digits, "
                        + "'.', '_' and '-', at most 64)");
            }
            byte[] digest = keyDigest(parts[1], where);
            Set<Permission> permissions = parts.length == 3 ? permissions(parts[2], where) : EnumSet.of(Permission.DECIDE);
            for (Key known : keys) {
                if (MessageDigest.isEqual(known.digest(), digest)) {
                    throw new IllegalArgumentException(where + "the key of '" + parts[0] + "' is also the key of '"
                            + known.holder().channel() + "'; every channel needs a key of its own");
                }
            }
            keys.add(new Key(digest, new Holder(parts[0], permissions)));
        }
        return new ApiKeys(keys);
    }

    private static byte[] keyDigest(String key, String where) {
        if (key.regionMatches(true, 0, DIGEST_PREFIX, 0, DIGEST_PREFIX.length())) {
            String hex = key.substring(DIGEST_PREFIX.length());
            if (!HEX_DIGEST.matcher(hex).matches()) {
                throw new IllegalArgumentException(where + "after 'sha256:' comes the 64 hex digits of the key's SHA-256");
            }
            return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        }
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(where + "a key holds letters, digits and '-._~+/' (optionally '=' at the "
                    + "end), so that it can be sent as a bearer token");
        }
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(where + "a key of " + key.length() + " characters is too easy to guess; "
                    + "use at least " + MIN_KEY_LENGTH);
        }
        return digest(key);
    }

    private static Set<Permission> permissions(String list, String where) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String name : list.split(",")) {
            permissions.add(Permission.named(name.trim()).orElseThrow(() -> new IllegalArgumentException(where + "'"
                    + name.trim() + "' is not a permission; there are decide and read-decisions")));
        }
        return permissions;
    }

    /** Whether any key is configured: then the decision endpoints need one. */
    public boolean configured() {
        return !keys.isEmpty();
    }

    /** Whether some key has {@code permission}. */
    public boolean anyMay(Permission permission) {
        return keys.stream().anyMatch(k -> k.holder().may(permission));
    }

    /**
     * Who holds {@code presented}, if it is one of the keys. Its digest is compared with every key's, to the end, so
     * the time taken says nothing about which key, or how much of one, matched.
     */
    public Optional<Holder> holderOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] digest = digest(presented);
        Holder found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.digest(), digest)) {
                found = key.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    /** SHA-256 of a key or token. */
    public static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return keys.size() + " API key(s) of " + keys.stream().map(k -> k.holder().channel()).distinct().toList();
    }
}
