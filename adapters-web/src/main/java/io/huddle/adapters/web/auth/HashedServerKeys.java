package io.huddle.adapters.web.auth;

import io.huddle.domain.server.ServerKeyName;
import io.huddle.domain.server.ServerKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The server keys of {@code HUDDLE_SERVER_KEYS}, kept as SHA-256 hashes only: a secret is hashed once as
 * it is read and the secret itself is dropped. A bearer is hashed and compared with every key's hash with
 * {@link MessageDigest#isEqual} (constant time), every key each time, so neither the answer's timing nor
 * its position in the list tells anything about a secret.
 *
 * <p>The setting is {@code name:secret} pairs, separated by commas or new lines; {@code #} starts a
 * comment line (a file of keys, one a line). A secret is {@code hk_} and 32 to 128 characters of
 * {@code A-Z a-z 0-9 _ -}; a name is 1 to 32 characters of {@code A-Z a-z 0-9 _ . -}, unique.
 */
public final class HashedServerKeys implements ServerKeys {
    private static final Pattern SECRET = Pattern.compile("hk_[A-Za-z0-9_-]{32,128}");

    private record Entry(ServerKeyName name, byte[] hash) {}

    private final List<Entry> keys;

    private HashedServerKeys(List<Entry> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Reads the setting's value. A malformed entry is an {@link IllegalArgumentException} whose message
     * names the entry by its position and name, never its secret.
     */
    public static HashedServerKeys parse(String value) {
        var entries = new ArrayList<Entry>();
        var names = new HashSet<String>();
        int position = 0;
        for (var line : value.split("[,\\n]")) {
            var entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) continue;
            position++;
            int at = position;
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("entry " + at + " is not name:secret");
            }
            var name = ServerKeyName.parse(entry.substring(0, colon).strip())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "entry " + at + " has no valid name (1 to 32 characters of A-Z, a-z, 0-9, _ . -)"));
            var secret = entry.substring(colon + 1).strip();
            if (!SECRET.matcher(secret).matches()) {
                throw new IllegalArgumentException(
                        "the secret of key " + name + " must be hk_ and 32 to 128 characters of A-Z, a-z, 0-9, _ -");
            }
            if (!names.add(name.value())) throw new IllegalArgumentException("key " + name + " is named twice");
            entries.add(new Entry(name, sha256(secret)));
        }
        if (entries.isEmpty()) throw new IllegalArgumentException("holds no name:secret entry");
        return new HashedServerKeys(entries);
    }

    /** The names of the keys, for the start-up log line: never a secret. */
    public List<ServerKeyName> names() {
        return keys.stream().map(Entry::name).toList();
    }

    @Override
    public Optional<ServerKeyName> verify(String credential) {
        if (credential == null || !ServerKeys.looksLikeOne(credential)) return Optional.empty();
        byte[] hash = sha256(credential);
        ServerKeyName found = null;
        for (var key : keys) {
            // Every key is compared, found or not: the loop takes as long whichever key (if any) matches.
            if (MessageDigest.isEqual(key.hash(), hash) && found == null) found = key.name();
        }
        return Optional.ofNullable(found);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Never a secret or a hash. */
    @Override
    public String toString() {
        return "HashedServerKeys" + names();
    }
}
