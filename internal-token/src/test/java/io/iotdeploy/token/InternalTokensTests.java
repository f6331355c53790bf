package io.iotdeploy.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InternalTokensTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";

    private final InternalTokens tokens = InternalTokens.from(new InternalTokenProperties(SECRET, null, Duration.ofMinutes(5)));

    @Test
    void aTokenCarriesTheUserAndWhetherTheyAreAdmin() {
        Jwt jwt = this.tokens.decoder().decode(this.tokens.issue("alice", true));
        assertThat(CurrentUser.of(jwt)).isEqualTo(new CurrentUser("alice", true));
        assertThat(CurrentUser.of(this.tokens.decoder().decode(this.tokens.issueForGateway())))
            .isEqualTo(new CurrentUser(InternalTokens.GATEWAY, false));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        InternalTokens other = InternalTokens.from(new InternalTokenProperties(SECRET + "-other", null, Duration.ofMinutes(5)));
        assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decoder().decode(other.issue("alice", true)));
    }

    @Test
    void anExpiredTokenIsRefused() {
        // issued ten minutes ago, expired five minutes ago: beyond the validator's clock skew of 60 s
        Instant issued = Instant.now().minus(Duration.ofMinutes(10));
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(InternalTokens.ISSUER).subject("alice")
            .issuedAt(issued).expiresAt(issued.plus(Duration.ofMinutes(5))).build();
        String expired = new NimbusJwtEncoder(new ImmutableSecret<>(SECRET.getBytes(StandardCharsets.UTF_8)))
            .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
        assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decoder().decode(expired));
    }

    @Test
    void theSecretComesFromTheStateFolderAndMustBeLongEnough(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("internal-token.key"), SECRET + "\n");
        InternalTokens fromFile = InternalTokens.from(new InternalTokenProperties(null, file, Duration.ofMinutes(5)));
        assertThat(this.tokens.decoder().decode(fromFile.issue("bob", false)).getSubject()).isEqualTo("bob");
        assertThatIllegalStateException()
            .isThrownBy(() -> InternalTokens.from(new InternalTokenProperties(null, dir.resolve("missing"), Duration.ofMinutes(5))))
            .withMessageContaining("./iotdeploy up creates it");
        assertThatIllegalStateException()
            .isThrownBy(() -> InternalTokens.from(new InternalTokenProperties("short", null, Duration.ofMinutes(5))));
    }

}
