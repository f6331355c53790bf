package io.iotdeploy.machine.device;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.iotdeploy.device.EngineTls;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The tests' stand-in for the platform's PKI as {@code scripts/pki.sh} lays it out: {@code ca.pem}, {@code ca.key}
 * (PKCS#8, as openssl 3 writes it) and the platform's client certificate in {@code client/}, made once per test run
 * in {@code target/test-pki}, where the tests' application.yml points machine-service.
 */
final class TestPlatformPki {

    static final Path DIRECTORY = Path.of("target", "test-pki").toAbsolutePath();

    private static TestPlatformPki made;

    private final X509Certificate ca;

    private TestPlatformPki(X509Certificate ca) {
        this.ca = ca;
    }

    /** The PKI of this test run, made on first use. */
    static synchronized TestPlatformPki get() {
        if (made == null) {
            made = make();
        }
        return made;
    }

    X509Certificate ca() {
        return this.ca;
    }

    /** Trusts this CA only, and shows {@code keyPem} with {@code certificatePem}: a device engine's TLS side. */
    SSLContext serverContext(String certificatePem, String keyPem) {
        try {
            Path dir = Files.createTempDirectory(DIRECTORY, "server-");
            Files.writeString(dir.resolve(EngineTls.CA_FILE), Files.readString(DIRECTORY.resolve("ca.pem")));
            Files.writeString(dir.resolve(EngineTls.CERT_FILE), certificatePem);
            Files.writeString(dir.resolve(EngineTls.KEY_FILE), keyPem);
            // EngineTls reads the PEM files into exactly such a context (trust the CA, show the key)
            return EngineTls.fromDirectory(dir).getSSLContext();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** An SSL context that trusts only {@code ca} and shows no certificate. */
    static SSLContext trusting(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyStore none = KeyStore.getInstance("PKCS12");
        none.load(null, null);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(none, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static TestPlatformPki make() {
        try {
            deleteRecursively(DIRECTORY);
            Files.createDirectories(DIRECTORY.resolve("client"));
            KeyPair caKeys = rsa();
            X500Name caName = new X500Name("O=IoT Deploy,CN=IoT Deploy test platform CA");
            Instant now = Instant.now();
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(1),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), caName,
                    caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = sign(caBuilder, caKeys);
            Files.writeString(DIRECTORY.resolve("ca.pem"), pem(ca));
            Files.writeString(DIRECTORY.resolve("ca.key"), pem(new JcaPKCS8Generator(caKeys.getPrivate(), null)));

            KeyPair clientKeys = rsa();
            X509v3CertificateBuilder clientBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(2),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                    new X500Name("O=IoT Deploy,CN=iotdeploy-platform"), clientKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            Path client = DIRECTORY.resolve("client");
            Files.writeString(client.resolve(EngineTls.CA_FILE), pem(ca));
            Files.writeString(client.resolve(EngineTls.CERT_FILE), pem(sign(clientBuilder, caKeys)));
            Files.writeString(client.resolve(EngineTls.KEY_FILE), pem(new JcaPKCS8Generator(clientKeys.getPrivate(),
                    null)));
            return new TestPlatformPki(ca);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot make the tests' PKI in " + DIRECTORY, ex);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter()
            .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

}
