package io.iotdeploy.deployment.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The health check's probe, run inside the application's container by the image's own {@code java} (the base images
 * have no {@code curl}): {@code http PORT TIMEOUT_MS PATH} asks {@code 127.0.0.1:PORT} for the path and succeeds on
 * a 2xx or 3xx answer; {@code tcp PORT TIMEOUT_MS} succeeds when the port accepts a connection. Exit code 0 is
 * healthy, 1 unhealthy; the one line it prints is what {@code docker inspect} and the platform show.
 *
 * <p>The platform copies this one class file into every container whose release declares an HTTP or TCP check
 * ({@link #DIRECTORY}); it uses nothing but {@code java.base}, and nothing of the platform.
 */
public final class HealthProbe {

    /** Where the class is in the container: the probe's class path. */
    public static final String DIRECTORY = "/.iotdeploy/probe";

    private HealthProbe() {
    }

    public static void main(String[] args) {
        try {
            if (args.length < 3) {
                throw new IllegalArgumentException("usage: http PORT TIMEOUT_MS PATH | tcp PORT TIMEOUT_MS");
            }
            int port = Integer.parseInt(args[1]);
            int timeout = Integer.parseInt(args[2]);
            String result = switch (args[0]) {
                case "tcp" -> tcp(port, timeout);
                case "http" -> http(port, timeout, (args.length > 3) ? args[3] : "/");
                default -> throw new IllegalArgumentException("unknown check " + args[0]);
            };
            System.out.println(result);
            System.exit(0);
        }
        catch (IOException | RuntimeException ex) {
            System.out.println("unhealthy: " + ex);
            System.exit(1);
        }
    }

    private static String tcp(int port, int timeout) throws IOException {
        try (Socket socket = connect(port, timeout)) {
            return "tcp " + port + ": accepts connections";
        }
    }

    private static String http(int port, int timeout, String path) throws IOException {
        try (Socket socket = connect(port, timeout)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: iotdeploy-probe"
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = statusLine(socket.getInputStream());
            String[] parts = status.split(" ", 3);
            int code = (parts.length >= 2 && parts[0].startsWith("HTTP/")) ? Integer.parseInt(parts[1]) : -1;
            if (code < 200 || code >= 400) {
                throw new IOException("GET " + path + " answered '" + status + "'");
            }
            return "GET " + path + ": " + status;
        }
    }

    private static Socket connect(int port, int timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeout);
            socket.setSoTimeout(timeout);
            return socket;
        }
        catch (IOException ex) {
            socket.close();
            throw new IOException("127.0.0.1:" + port + ": " + ex.getMessage(), ex);
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n' && line.length() < 200) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (line.length() == 0) {
            throw new IOException("the connection closed before an answer");
        }
        return line.toString();
    }

}
