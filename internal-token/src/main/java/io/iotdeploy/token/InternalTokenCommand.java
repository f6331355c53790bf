package io.iotdeploy.token;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Prints an internal token for the launcher's own calls to the services: with it, {@code ./iotdeploy} registers the
 * simulated devices for the admin without knowing the admin's password. It is the token the gateway issues
 * ({@link InternalTokens}), signed with the platform's shared secret, valid for two minutes. The launcher runs it
 * from a service's jar, with Spring Boot's {@code PropertiesLauncher} and {@code -Dloader.main} set to this class.
 *
 * <pre>usage: InternalTokenCommand SECRET_FILE SUBJECT [admin]</pre>
 */
public final class InternalTokenCommand {

    static final String USAGE = """
            usage: InternalTokenCommand SECRET_FILE SUBJECT [admin]
                prints an internal token (HS256 JWT) for SUBJECT, an administrator with "admin", valid for 2 minutes,
                signed with the shared secret in SECRET_FILE (the state folder's secrets/internal-token.key)
            """;

    /** Long enough for the launcher's few calls, short enough to be of no use afterwards. */
    static final Duration LIFETIME = Duration.ofMinutes(2);

    private InternalTokenCommand() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** @return the exit status: 0 printed, 1 no usable secret, 2 wrong arguments (the usage is printed) */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean usable = (args.length == 2 || (args.length == 3 && "admin".equals(args[2])))
                && !args[0].isBlank() && !args[1].isBlank();
        if (!usable) {
            err.print(USAGE);
            return 2;
        }
        try {
            InternalTokens tokens = InternalTokens.from(new InternalTokenProperties(null, Path.of(args[0]), LIFETIME));
            out.println(tokens.issue(args[1], args.length == 3));
            return 0;
        }
        catch (IllegalStateException ex) {
            err.println("internal token: " + ex.getMessage());
            return 1;
        }
    }

}
