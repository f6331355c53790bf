package io.iotdeploy.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.github.dockerjava.transport.SSLConfig;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The TLS material a client shows a Docker Engine that runs with {@code --tlsverify}: the CA that signed the
 * engine's certificate (the only one trusted), the client certificate and its key, as PEM files in one folder
 * under Docker's own names ({@code ca.pem}, {@code cert.pem}, {@code key.pem}), so the folder works as a
 * {@code DOCKER_CERT_PATH} too.
 * <p>
 * The files are read when a connection first needs them (and again when they change), not when this is made:
 * a service without devices starts without them. The engine's certificate must name the address connected to
 * (subject alternative name); docker-java's transport checks it.
 */
public final class EngineTls implements SSLConfig {

    public static final String CA_FILE = "ca.pem";

    public static final String CERT_FILE = "cert.pem";

    public static final String KEY_FILE = "key.pem";

    private final Path directory;

    private Loaded loaded;

    private EngineTls(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    /** The material in {@code directory}/{ca,cert,key}.pem, read when first needed. */
    public static EngineTls fromDirectory(Path directory) {
        return new EngineTls(directory);
    }

    public Path directory() {
        return this.directory;
    }

    public Path caFile() {
        return this.directory.resolve(CA_FILE);
    }

    public Path certFile() {
        return this.directory.resolve(CERT_FILE);
    }

    public Path keyFile() {
        return this.directory.resolve(KEY_FILE);
    }

    /**
     * An SSL context that shows the client certificate and trusts only the folder's CA.
     * @throws IllegalStateException naming the folder when a file is missing or unreadable
     */
    @Override
    public synchronized SSLContext getSSLContext() {
        List<FileTime> stamps = stamps();
        if (this.loaded == null || !this.loaded.stamps().equals(stamps)) {
            this.loaded = new Loaded(stamps, load());
        }
        return this.loaded.context();
    }

    private List<FileTime> stamps() {
        List<FileTime> stamps = new ArrayList<>();
        for (Path file : List.of(caFile(), certFile(), keyFile())) {
            try {
                stamps.add(Files.getLastModifiedTime(file));
            }
            catch (IOException ex) {
                throw missing(file, ex);
            }
        }
        return stamps;
    }

    private SSLContext load() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (Certificate ca : certificates(caFile())) {
                trusted.setCertificateEntry("ca-" + i++, ca);
            }
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            char[] password = new char[0];
            identity.setKeyEntry("client", privateKey(keyFile()), password,
                    certificates(certFile()).toArray(Certificate[]::new));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException("cannot use the TLS client certificate for Docker Engines in "
                    + this.directory + " (" + CA_FILE + ", " + CERT_FILE + ", " + KEY_FILE + "): " + ex.getMessage(),
                    ex);
        }
    }

    private Collection<? extends Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + file);
            }
            return certificates;
        }
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}, what openssl 3 writes) or PKCS#1 / SEC1 key pairs. */
    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser pem = new PEMParser(reader)) {
            Object object = pem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new GeneralSecurityException("no unencrypted private key in " + file);
        }
    }

    private IllegalStateException missing(Path file, IOException cause) {
        return new IllegalStateException("no TLS client certificate for Docker Engines: " + file + " is missing or "
                + "unreadable (the folder " + this.directory + " needs " + CA_FILE + ", " + CERT_FILE + " and "
                + KEY_FILE + "; ./iotdeploy up creates them, or set iotdeploy.devices.tls.client-dir)", cause);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EngineTls tls && tls.directory.equals(this.directory);
    }

    @Override
    public int hashCode() {
        return this.directory.hashCode();
    }

    @Override
    public String toString() {
        return "EngineTls[" + this.directory + "]";
    }

    private record Loaded(List<FileTime> stamps, SSLContext context) {
    }

}
