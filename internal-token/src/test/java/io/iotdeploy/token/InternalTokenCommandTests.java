package io.iotdeploy.token;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class InternalTokenCommandTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void thePrintedTokenIsOneTheServicesAccept(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("internal-token.key"), SECRET + "\n");

        assertThat(run(secret.toString(), "admin", "admin")).isZero();

        String token = this.out.toString(StandardCharsets.UTF_8);
        assertThat(token).endsWith("\n").doesNotContain(" ");
        assertThat(err()).isEmpty();
        InternalTokens services = InternalTokens.from(new InternalTokenProperties(SECRET, null, Duration.ofMinutes(5)));
        Jwt jwt = services.decoder().decode(token.strip());
        assertThat(CurrentUser.of(jwt)).isEqualTo(new CurrentUser("admin", true));
        assertThat(jwt.getClaimAsString("iss")).isEqualTo(InternalTokens.ISSUER);
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofMinutes(2));
        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"alg\":\"HS256\"}");
    }

    @Test
    void withoutAdminTheSubjectIsAnOrdinaryUser(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("internal-token.key"), SECRET);

        assertThat(run(secret.toString(), "alice")).isZero();

        InternalTokens services = InternalTokens.from(new InternalTokenProperties(SECRET, null, Duration.ofMinutes(5)));
        assertThat(CurrentUser.of(services.decoder().decode(this.out.toString(StandardCharsets.UTF_8).strip())))
            .isEqualTo(new CurrentUser("alice", false));
    }

    @Test
    void wrongArgumentsGetTheUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("only-a-file")).isEqualTo(2);
        assertThat(run("file", "admin", "yes")).isEqualTo(2);
        assertThat(run("file", "admin", "admin", "more")).isEqualTo(2);
        assertThat(run("file", " ")).isEqualTo(2);
        assertThat(this.out.size()).isZero();
        assertThat(err()).contains("usage: InternalTokenCommand SECRET_FILE SUBJECT [admin]");
    }

    @Test
    void aMissingOrShortSecretIsNamedAndNoTokenPrinted(@TempDir Path dir) throws Exception {
        assertThat(run(dir.resolve("missing").toString(), "admin", "admin")).isEqualTo(1);
        assertThat(err()).contains("internal token: ").contains("./iotdeploy up creates it");

        Path shortSecret = Files.writeString(dir.resolve("short.key"), "short");
        assertThat(run(shortSecret.toString(), "admin")).isEqualTo(1);
        assertThat(err()).contains("at least 32 bytes");
        assertThat(this.out.size()).isZero();
    }

    private int run(String... args) {
        return InternalTokenCommand.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
                new PrintStream(this.err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return this.err.toString(StandardCharsets.UTF_8);
    }

}
