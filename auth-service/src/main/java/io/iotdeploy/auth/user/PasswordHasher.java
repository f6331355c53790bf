package io.iotdeploy.auth.user;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.iotdeploy.auth.AuthServiceProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** PBKDF2-HMAC-SHA256 with a random 16-byte salt per password and a configurable iteration count. */
@Component
class PasswordHasher {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    private static final int SALT_BYTES = 16;

    private static final int HASH_BITS = 256;

    private final SecureRandom random = new SecureRandom();

    private final int iterations;

    /** What an unknown user's password is checked against, so that it costs as much as a known user's. */
    private final HashedPassword nobody;

    @Autowired
    PasswordHasher(AuthServiceProperties properties) {
        this(properties.password().iterations());
    }

    PasswordHasher(int iterations) {
        this.iterations = iterations;
        byte[] unguessable = new byte[32];
        this.random.nextBytes(unguessable);
        this.nobody = hash(HexFormat.of().formatHex(unguessable));
    }

    HashedPassword hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        this.random.nextBytes(salt);
        return new HashedPassword(derive(password, salt, this.iterations), salt, this.iterations);
    }

    boolean matches(String password, HashedPassword stored) {
        return MessageDigest.isEqual(derive(password, stored.salt(), stored.iterations()), stored.hash());
    }

    /** Spends the time of a real check, for a user that does not exist; never matches. */
    void matchesNobody(String password) {
        matches(password, this.nobody);
    }

    /** Whether the hash was made with fewer iterations than are configured now. */
    boolean isOutdated(HashedPassword stored) {
        return stored.iterations() < this.iterations;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", ex);
        }
        finally {
            spec.clearPassword();
        }
    }

}
