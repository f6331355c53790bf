package io.iotdeploy.machine.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;

import io.iotdeploy.device.EngineTls;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The platform's certificate authority ({@code ca.pem}, {@code ca.key} in the pki folder, made by
 * {@code scripts/pki.sh}) as machine-service uses it: it signs a server certificate for a device's Docker Engine.
 * The CA is read for every certificate (it is small, and {@code ./iotdeploy up} may have made a new one); the
 * device's key is made here, handed out once and never written anywhere.
 */
final class PlatformCertificateAuthority {

    static final String CA_CERTIFICATE = "ca.pem";

    static final String CA_KEY = "ca.key";

    /** A Raspberry Pi has no clock of its own: until NTP answers after a boot, it may be behind. */
    private static final Duration BACKDATED = Duration.ofHours(1);

    private final Path directory;

    private final Duration validity;

    private final SecureRandom random = new SecureRandom();

    PlatformCertificateAuthority(Path directory, Duration validity) {
        this.directory = directory.toAbsolutePath().normalize();
        this.validity = validity;
    }

    Path directory() {
        return this.directory;
    }

    /**
     * A new RSA key and a server certificate for a device's engine, valid for {@code address}: an IP address
     * subject alternative name for a literal, a DNS name otherwise.
     * @throws PlatformPkiException when the CA is missing or unusable
     */
    IssuedCertificate issueServerCertificate(String address, boolean ipLiteral, String owner) {
        X509Certificate caCertificate = caCertificate();
        PrivateKey caKey = caKey();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            // RSA as everywhere in the platform's PKI: every dockerd and Go TLS stack takes it
            generator.initialize(2048, this.random);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant notAfter = now.plus(this.validity);
            if (notAfter.isAfter(caCertificate.getNotAfter().toInstant())) {
                notAfter = caCertificate.getNotAfter().toInstant();
            }
            // positive, 159 bits of randomness, at most 20 bytes (RFC 5280)
            BigInteger serial = new BigInteger(159, this.random).setBit(158);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            GeneralName name = ipLiteral ? new GeneralName(GeneralName.iPAddress, address)
                    : new GeneralName(GeneralName.dNSName, address);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial,
                    Date.from(now.minus(BACKDATED)), Date.from(notAfter), new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.O, "IoT Deploy")
                        .addRDN(BCStyle.CN, commonName(address))
                        .build(), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                // the owner too: the services refuse this device's certificate on another user's registration
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] { name,
                    new GeneralName(GeneralName.uniformResourceIdentifier, EngineTls.OWNER_URI_PREFIX
                            + URLEncoder.encode(owner, StandardCharsets.UTF_8)) }))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder
                .build(new JcaContentSignerBuilder(signatureAlgorithm(caKey)).build(caKey)));
            certificate.verify(caCertificate.getPublicKey());
            Device.TlsCertificate summary = new Device.TlsCertificate(serial.toString(16).toUpperCase(Locale.ROOT),
                    fingerprint(certificate), now, notAfter);
            return new IssuedCertificate(certificate, keys.getPrivate(), pem(certificate),
                    pem(new JcaPKCS8Generator(keys.getPrivate(), null)), pem(caCertificate), summary);
        }
        catch (IOException | GeneralSecurityException | OperatorCreationException ex) {
            throw new PlatformPkiException("The platform's certificate authority in " + this.directory
                    + " could not sign a certificate for " + address + ": " + ex.getMessage(), ex);
        }
    }

    /** SHA-256 of the certificate, {@code AB:CD:…}, as openssl shows it. */
    static String fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    X509Certificate caCertificate() {
        Path file = this.directory.resolve(CA_CERTIFICATE);
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        catch (IOException | GeneralSecurityException | ClassCastException ex) {
            throw unusable(file, ex);
        }
    }

    private PrivateKey caKey() {
        Path file = this.directory.resolve(CA_KEY);
        try (Reader reader = Files.newBufferedReader(file); PEMParser pem = new PEMParser(reader)) {
            Object object = pem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            // openssl 3 writes PKCS#8 ("BEGIN PRIVATE KEY"); older ones PKCS#1 key pairs
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            throw new IOException("no unencrypted private key in it");
        }
        catch (IOException ex) {
            throw unusable(file, ex);
        }
    }

    private PlatformPkiException unusable(Path file, Exception cause) {
        String problem = Files.exists(file) ? "cannot be read (" + cause.getMessage() + ")" : "is missing";
        return new PlatformPkiException("The platform's certificate authority is not usable: " + file + " " + problem
                + ". ./iotdeploy up creates it with scripts/pki.sh; or point iotdeploy.machine.pki.directory at the "
                + "folder with " + CA_CERTIFICATE + " and " + CA_KEY + ".", cause);
    }

    /** At most 64 characters (X.520); the subject alternative name is what clients check. */
    private static String commonName(String address) {
        return (address.length() <= 64) ? address : address.substring(0, 64);
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519" -> "Ed25519";
            default -> "SHA256withRSA";
        };
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

}
