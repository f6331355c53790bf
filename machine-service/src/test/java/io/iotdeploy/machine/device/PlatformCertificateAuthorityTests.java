package io.iotdeploy.machine.device;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.iotdeploy.device.EngineTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Device certificates from a CA made exactly as {@code scripts/pki.sh} makes the platform's, with openssl. */
class PlatformCertificateAuthorityTests {

    @Test
    void signsWithTheCaThatPkiShMakes(@TempDir Path pki) throws Exception {
        openssl(pki, "req", "-x509", "-newkey", "rsa:3072", "-nodes", "-sha256", "-days", "3650", "-keyout", "ca.key",
                "-out", "ca.pem", "-subj", "/O=IoT Deploy/CN=IoT Deploy platform CA test", "-addext",
                "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-addext", "subjectKeyIdentifier=hash");
        PlatformCertificateAuthority authority = new PlatformCertificateAuthority(pki, Duration.ofDays(825));

        IssuedCertificate issued = authority.issueServerCertificate("10.77.0.11", true, "alice");

        X509Certificate ca = authority.caCertificate();
        issued.certificate().verify(ca.getPublicKey());
        assertThat(issued.certificate().getSubjectAlternativeNames()).containsExactly(List.of(7, "10.77.0.11"),
                List.of(6, "urn:iotdeploy:owner:alice"));
        assertThat(EngineTls.ownerOf(issued.certificate())).isEqualTo("alice");
        assertThat(issued.caPem()).isEqualTo(Files.readString(pki.resolve("ca.pem")).replace("\r", ""));
        assertThat(issued.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(issued.toString()).doesNotContain("PRIVATE").contains(issued.summary().serial());
        // openssl agrees: the certificate verifies against the CA, for the purpose of a TLS server
        Files.writeString(pki.resolve("device.pem"), issued.certificatePem());
        assertThat(openssl(pki, "verify", "-CAfile", "ca.pem", "-purpose", "sslserver", "device.pem"))
            .contains("device.pem: OK");
        assertThat(openssl(pki, "x509", "-in", "device.pem", "-noout", "-fingerprint", "-sha256"))
            .contains(issued.summary().fingerprint());
        assertThat(openssl(pki, "x509", "-in", "device.pem", "-noout", "-serial"))
            .contains("serial=" + issued.summary().serial());
    }

    @Test
    void neverOutlivesTheCa(@TempDir Path pki) throws Exception {
        openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-keyout", "ca.key", "-out",
                "ca.pem", "-subj", "/CN=short-lived CA", "-addext", "basicConstraints=critical,CA:TRUE");
        PlatformCertificateAuthority authority = new PlatformCertificateAuthority(pki, Duration.ofDays(825));

        IssuedCertificate issued = authority.issueServerCertificate("pi.example", false, "alice");

        assertThat(issued.certificate().getNotAfter()).isEqualTo(authority.caCertificate().getNotAfter());
        assertThat(issued.summary().expiresAt()).isBefore(Instant.now().plus(Duration.ofDays(31)));
        assertThat(issued.certificate().getSubjectAlternativeNames()).containsExactly(List.of(2, "pi.example"),
                List.of(6, "urn:iotdeploy:owner:alice"));
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(issued.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(parsed).isEqualTo(issued.certificate());
    }

    @Test
    void aMissingCaIsNamedWithTheWayToMakeIt(@TempDir Path pki) {
        PlatformCertificateAuthority authority = new PlatformCertificateAuthority(pki, Duration.ofDays(825));

        assertThatExceptionOfType(PlatformPkiException.class)
            .isThrownBy(() -> authority.issueServerCertificate("10.77.0.11", true, "alice"))
            .withMessage("The platform's certificate authority is not usable: " + pki.resolve("ca.pem")
                    + " is missing. ./iotdeploy up creates it with scripts/pki.sh; or point "
                    + "iotdeploy.machine.pki.directory at the folder with ca.pem and ca.key.");
    }

    private static String openssl(Path dir, String... arguments) throws IOException, InterruptedException {
        assumeThat(Path.of("/usr/bin/openssl")).as("openssl, as scripts/pki.sh needs it").isExecutable();
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

}
