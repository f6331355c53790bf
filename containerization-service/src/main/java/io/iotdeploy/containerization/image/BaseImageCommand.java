package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.iotdeploy.containerization.ContainerizationServiceProperties.RegistryLogin;

/**
 * The launcher's command that puts the base images it makes from Debian packages into the upstream registry
 * ({@code scripts/base-images.sh}; the benchmark's fresh bases too). Not part of the service: the launcher runs it
 * from the service's jar, with Spring Boot's {@code PropertiesLauncher} and {@code -Dloader.main} set to this class.
 * Its usage is {@link #USAGE}.
 *
 * <p>The registry is spoken to over HTTPS, trusting only the platform CA ({@code $IOTDEPLOY_STATE/pki/ca.pem}), as the
 * builder {@code iotdeploy-builder} (password in {@code $IOTDEPLOY_STATE/secrets/registry-builder.password}): reading
 * may be anonymous, pushing is not.
 */
public final class BaseImageCommand {

    static final String USAGE = """
            usage: BaseImageCommand push REGISTRY REPOSITORY TAG ARCH ROOTFS_TAR [MARKER]
                       one single-platform image: the root file system as one gzip layer, and an image config that
                       says linux/ARCH. With MARKER, the layer starts with a file /etc/iotdeploy-base-id holding it:
                       a base image no registry or engine has seen before, whose layer is as large as the real one.
                   BaseImageCommand index REGISTRY REPOSITORY TAG SOURCE_TAG...
                       one multi-architecture tag (Docker manifest list) over single-platform images already in
                       REPOSITORY; each entry's platform is read from that image's config.
            Set IOTDEPLOY_STATE to the platform's state folder: the CA to trust and the builder's password are there.
            """;

    static final String BUILDER = "iotdeploy-builder";

    /** One request to the registry, a layer upload of a few hundred MB included. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9]+");

    private BaseImageCommand() {
    }

    public static void main(String[] args) {
        int status = run(List.of(args), System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * @param environment where {@code IOTDEPLOY_STATE} is looked up
     * @return the exit status: 0 done, 1 failed, 2 wrong arguments (the usage is printed)
     */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String command = args.isEmpty() ? "" : args.get(0);
        List<String> operands = args.isEmpty() ? List.of() : args.subList(1, args.size());
        boolean usable = switch (command) {
            case "push" -> (operands.size() == 5 || operands.size() == 6)
                    && ARCHITECTURE.matcher(operands.get(3)).matches();
            case "index" -> operands.size() >= 4;
            default -> false;
        };
        if (!usable || operands.stream().anyMatch(String::isBlank)) {
            err.print(USAGE);
            return 2;
        }
        String state = environment.get("IOTDEPLOY_STATE");
        if (state == null || state.isBlank()) {
            err.println("base image " + command + ": set IOTDEPLOY_STATE (the platform's state folder: its CA and "
                    + "registry passwords)");
            return 1;
        }
        String registry = operands.get(0);
        try {
            BaseImagePush push = new BaseImagePush(client(Path.of(state), registry), registry);
            String done = command.equals("push")
                    ? push.pushImage(operands.get(1), operands.get(2), operands.get(3), Path.of(operands.get(4)),
                            (operands.size() == 6) ? operands.get(5) : null)
                    : push.pushIndex(operands.get(1), operands.get(2), operands.subList(3, operands.size()));
            out.println(done);
            return 0;
        }
        catch (ConnectException ex) {
            err.println("base image " + command + " failed: the registry " + registry + " cannot be reached"
                    + ((ex.getMessage() != null) ? " (" + ex.getMessage() + ")" : ""));
            return 1;
        }
        catch (SSLException ex) {
            err.println("base image " + command + " failed: TLS with " + registry + ": " + ex.getMessage()
                    + " (trusting only the CA in " + caFile(Path.of(state)) + ")");
            return 1;
        }
        catch (NoSuchFileException ex) {
            err.println("base image " + command + " failed: no such file: " + ex.getFile());
            return 1;
        }
        catch (IOException | GeneralSecurityException | RuntimeException ex) {
            err.println("base image " + command + " failed: " + ((ex.getMessage() != null) ? ex.getMessage() : ex));
            return 1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            err.println("base image " + command + " interrupted");
            return 1;
        }
    }

    /** A client that trusts only the platform CA and pushes to {@code registry} as the builder. */
    private static RegistryClient client(Path state, String registry) throws IOException, GeneralSecurityException {
        RegistryCredentials builder = new RegistryCredentials(registry,
                new RegistryLogin(BUILDER, null, state.resolve("secrets").resolve("registry-builder.password")));
        return new RegistryClient(TIMEOUT, builder, trusting(caFile(state)));
    }

    private static Path caFile(Path state) {
        return state.resolve("pki").resolve("ca.pem");
    }

    /** TLS that trusts the certificates in {@code caFile} (PEM) and nothing else. */
    static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
        }
        if (trusted.size() == 0) {
            throw new GeneralSecurityException("no certificate in " + caFile);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }

}
