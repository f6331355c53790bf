package io.iotdeploy.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

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
 * <p>
 * A certificate the platform issued for a device's onboarding names the user it was issued to
 * ({@link #OWNER_URI_PREFIX}{@code <user>} as a URI subject alternative name): {@link #forOwner} refuses it on
 * another user's registration of the same address, so registering someone else's device gets nothing out of it.
 * Certificates without an owner (the launcher's simulated devices, shared lab devices) serve every registration.
 */
public final class EngineTls implements SSLConfig {

    public static final String CA_FILE = "ca.pem";

    public static final String CERT_FILE = "cert.pem";

    public static final String KEY_FILE = "key.pem";

    /** A device certificate's URI subject alternative name that says whose device it is. */
    public static final String OWNER_URI_PREFIX = "urn:iotdeploy:owner:";

    private final Path directory;

    /** Whose device this connects to; {@code null}: nobody's in particular. */
    private final String owner;

    /** What every owner's view of the same folder shares: the files as read, the contexts made from them. */
    private final Material material;

    private EngineTls(Path directory, String owner, Material material) {
        this.directory = directory;
        this.owner = owner;
        this.material = material;
    }

    /** The material in {@code directory}/{ca,cert,key}.pem, read when first needed. */
    public static EngineTls fromDirectory(Path directory) {
        return new EngineTls(Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize(), null,
                new Material());
    }

    /**
     * The same material for connecting to a device of {@code owner}: an engine whose certificate was issued to
     * another user is refused in the handshake. {@code null} checks no owner.
     */
    public EngineTls forOwner(String owner) {
        return Objects.equals(owner, this.owner) ? this : new EngineTls(this.directory, owner, this.material);
    }

    /** The user a device certificate was issued to, or {@code null} for one without an owner. */
    public static String ownerOf(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return null;
        }
        for (List<?> name : names) {
            if (Integer.valueOf(6).equals(name.get(0)) && name.get(1) instanceof String uri
                    && uri.startsWith(OWNER_URI_PREFIX)) {
                return URLDecoder.decode(uri.substring(OWNER_URI_PREFIX.length()), StandardCharsets.UTF_8);
            }
        }
        return null;
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
     * An SSL context that shows the client certificate and trusts only the folder's CA (and, for an owner's view,
     * no certificate issued to another user).
     * @throws IllegalStateException naming the folder when a file is missing or unreadable
     */
    @Override
    public SSLContext getSSLContext() {
        synchronized (this.material) {
            List<FileTime> stamps = stamps();
            if (this.material.stamps == null || !this.material.stamps.equals(stamps)) {
                load(stamps);
            }
            return this.material.contexts.computeIfAbsent((this.owner != null) ? this.owner : "",
                    (key) -> context(this.owner));
        }
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

    private void load(List<FileTime> stamps) {
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
            this.material.keys = keys.getKeyManagers();
            this.material.trust = Arrays.stream(trust.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
            this.material.contexts.clear();
            this.material.stamps = stamps;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw unusable(ex);
        }
    }

    private SSLContext context(String expectedOwner) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(this.material.keys, new TrustManager[] { new OwnerCheckingTrustManager(this.material.trust,
                    expectedOwner) }, null);
            return context;
        }
        catch (GeneralSecurityException ex) {
            throw unusable(ex);
        }
    }

    private IllegalStateException unusable(Exception ex) {
        return new IllegalStateException("cannot use the TLS client certificate for Docker Engines in "
                + this.directory + " (" + CA_FILE + ", " + CERT_FILE + ", " + KEY_FILE + "): " + ex.getMessage(), ex);
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
        return other instanceof EngineTls tls && tls.directory.equals(this.directory)
                && Objects.equals(tls.owner, this.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.directory, this.owner);
    }

    @Override
    public String toString() {
        return "EngineTls[" + this.directory + ((this.owner != null) ? ", owner " + this.owner : "") + "]";
    }

    /** The files as last read, and the SSL contexts made from them (one per owner, "" for none). */
    private static final class Material {

        private List<FileTime> stamps;

        private KeyManager[] keys;

        private X509ExtendedTrustManager trust;

        private final Map<String, SSLContext> contexts = new HashMap<>();

    }

    /** The platform CA's check, then: a certificate issued to a user must be that user's device's. */
    private static final class OwnerCheckingTrustManager extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager ca;

        private final String expectedOwner;

        OwnerCheckingTrustManager(X509ExtendedTrustManager ca, String expectedOwner) {
            this.ca = ca;
            this.expectedOwner = expectedOwner;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            this.ca.checkServerTrusted(chain, authType, socket);
            checkOwner(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            this.ca.checkServerTrusted(chain, authType, engine);
            checkOwner(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            this.ca.checkServerTrusted(chain, authType);
            checkOwner(chain);
        }

        private void checkOwner(X509Certificate[] chain) throws CertificateException {
            String issuedTo = ownerOf(chain[0]);
            if (issuedTo != null && this.expectedOwner != null && !issuedTo.equals(this.expectedOwner)) {
                throw new CertificateException("the engine's certificate was issued for another user's device "
                        + "(registered by " + this.expectedOwner + ")");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            this.ca.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            this.ca.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            this.ca.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return this.ca.getAcceptedIssuers();
        }

    }

}
