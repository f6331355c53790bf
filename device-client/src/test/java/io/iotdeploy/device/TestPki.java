package io.iotdeploy.device;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in the test, not the platform's: what "a certificate from another CA" means in
 * the TLS tests. It issues client and server certificates into folders laid out as Docker (and
 * {@link EngineTls}) want them: {@code ca.pem}, {@code cert.pem}, {@code key.pem}.
 */
public final class TestPki {

    private final X500Name name;

    private final KeyPair keys;

    private final X509Certificate certificate;

    private TestPki(X500Name name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed CA named {@code commonName}. */
    public static TestPki newCa(String commonName) {
        try {
            KeyPair keys = rsa();
            X500Name name = new X500Name("O=IoT Deploy tests,CN=" + commonName);
            X509v3CertificateBuilder builder = builder(name, name, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestPki(name, keys, sign(builder, keys));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException | OperatorCreationException ex) {
            throw new IllegalStateException("cannot make a test CA", ex);
        }
    }

    public X509Certificate certificate() {
        return this.certificate;
    }

    /** A client certificate (extended key usage clientAuth) in {@code dir}; returns {@code dir}. */
    public Path issueClient(Path dir, String commonName) {
        return issue(dir, commonName, KeyPurposeId.id_kp_clientAuth, List.of());
    }

    /** A server certificate for the given IP addresses and host names (subject alternative names). */
    public Path issueServer(Path dir, String commonName, String... names) {
        return issue(dir, commonName, KeyPurposeId.id_kp_serverAuth, List.of(names));
    }

    private Path issue(Path dir, String commonName, KeyPurposeId purpose, List<String> names) {
        try {
            KeyPair keys = rsa();
            X509v3CertificateBuilder builder = builder(this.name, new X500Name("O=IoT Deploy tests,CN=" + commonName),
                    keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (!names.isEmpty()) {
                List<GeneralName> alternatives = new ArrayList<>();
                for (String name : names) {
                    alternatives.add(isIp(name) ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            }
            X509Certificate issued = sign(builder, this.keys);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(EngineTls.CA_FILE), pem(this.certificate));
            Files.writeString(dir.resolve(EngineTls.CERT_FILE), pem(issued));
            Files.writeString(dir.resolve(EngineTls.KEY_FILE), pem(keys.getPrivate()));
            return dir;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException | OperatorCreationException ex) {
            throw new IllegalStateException("cannot issue a test certificate for " + commonName, ex);
        }
    }

    private static boolean isIp(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter()
            .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

}
