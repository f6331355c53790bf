package io.iotdeploy.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret of an API token: {@code iotd_} and 256 random bits in base64url (43 characters). With that much
 * entropy a single SHA-256 is a safe way to store it, where a password needs PBKDF2: there is nothing to guess.
 */
final class ApiTokenSecret {

    static final String MARK = "iotd_";

    /** The random part's length in base64url without padding: 32 bytes. */
    static final int RANDOM_LENGTH = 43;

    /** How many random characters the stored, non-secret prefix keeps. */
    static final int PREFIX_RANDOM = 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokenSecret() {
    }

    static String generate() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Whether the text has the form of a token; says nothing of whether it is one. */
    static boolean isWellFormed(String token) {
        return token != null && token.length() == MARK.length() + RANDOM_LENGTH && token.startsWith(MARK)
                && token.substring(MARK.length()).chars().allMatch(ApiTokenSecret::isBase64Url);
    }

    static String prefix(String token) {
        return token.substring(0, MARK.length() + PREFIX_RANDOM);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

}
