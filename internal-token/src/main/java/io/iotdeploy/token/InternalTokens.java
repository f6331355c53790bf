package io.iotdeploy.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Issues and checks internal tokens: HS256 JWTs with the user name as subject and an {@code admin} claim. */
public final class InternalTokens {

    static final String ISSUER = "iotdeploy";

    static final String ADMIN = "admin";

    /** The subject of the gateway's own calls, made on nobody's behalf (e.g. verifying a password). */
    public static final String GATEWAY = "web-service";

    /**
     * The subjects of the services' own calls: the gateway's and every other service's (deployment-service reads
     * machine-service's device events as itself). No user may have one of these names, or a service would take
     * that user's calls for its own.
     */
    public static final Set<String> SERVICES = Set.of(GATEWAY, "auth-service", "machine-service",
            "containerization-service", "deployment-service", "logging-service", "audit-service");

    private final SecretKey key;

    private final Duration lifetime;

    private final JwtEncoder encoder;

    InternalTokens(SecretKey key, Duration lifetime) {
        this.key = key;
        this.lifetime = lifetime;
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
    }

    static InternalTokens from(InternalTokenProperties properties) {
        byte[] secret;
        if (properties.secret() != null && !properties.secret().isBlank()) {
            secret = properties.secret().getBytes(StandardCharsets.UTF_8);
        }
        else {
            try {
                secret = Files.readString(properties.secretFile()).trim().getBytes(StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new IllegalStateException("Cannot read the platform's internal token secret from "
                        + properties.secretFile().toAbsolutePath() + " (./iotdeploy up creates it; set "
                        + "iotdeploy.internal-token.secret-file or IOTDEPLOY_STATE to point at it)", ex);
            }
        }
        if (secret.length < 32) {
            throw new IllegalStateException("the internal token secret must have at least 32 bytes (HS256)");
        }
        return new InternalTokens(new SecretKeySpec(secret, "HmacSHA256"), properties.lifetime());
    }

    public String issue(String subject, boolean admin) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
            .issuer(ISSUER)
            .subject(subject)
            .claim(ADMIN, admin)
            .issuedAt(now)
            .expiresAt(now.plus(this.lifetime))
            .build();
        return this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
            .getTokenValue();
    }

    /** A token for the gateway's own calls. */
    public String issueForGateway() {
        return issue(GATEWAY, false);
    }

    JwtDecoder decoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(this.key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(
                org.springframework.security.oauth2.jwt.JwtValidators.createDefault(),
                new JwtIssuerValidator(ISSUER)));
        return decoder;
    }

}
