package io.iotdeploy.system.security;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.iotdeploy.device.TestGateway;

/**
 * HTTP/1.1 to the gateway from a chosen local address, e.g. {@code 127.0.0.2}: on Linux the whole of 127.0.0.0/8
 * is this host, so each loopback address is another client address to the gateway (it listens on 0.0.0.0).
 * Java 17's {@code HttpClient} cannot choose the address it connects from ({@code localAddress} came in Java 19),
 * so this speaks HTTP over a socket bound to it: one request per connection ({@code Connection: close}), the
 * headers exactly as given (cookies included, no cookie store), Content-Length or chunked answers.
 */
final class BoundClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final InetAddress local;

    private final URI gateway;

    /** @param localAddress an address of this host to connect from, e.g. {@code 127.0.0.2} */
    BoundClient(String localAddress, URI gateway) {
        try {
            this.local = InetAddress.getByName(localAddress);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.gateway = gateway;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET path} with HTTP Basic credentials. */
    Reply get(String path, String user, String password) {
        return send("GET", path, Map.of("Authorization", basic(user, password)), null);
    }

    /**
     * The dashboard's sign-in: {@code POST /api/session} with the CSRF token (cookie and header), as its scripts
     * send it.
     */
    Reply signIn(String xsrf, String user, String password) {
        byte[] body = TestGateway.json.writeValueAsBytes(Map.of("username", user, "password", password));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cookie", "XSRF-TOKEN=" + xsrf);
        headers.put("X-XSRF-TOKEN", xsrf);
        headers.put("X-Requested-With", "XMLHttpRequest");
        return send("POST", "/api/session", headers, body);
    }

    /** The XSRF-TOKEN cookie the gateway hands a new client. */
    String xsrfToken() {
        Reply first = send("GET", "/", Map.of(), null);
        return first.cookie("XSRF-TOKEN")
            .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie in the answer to GET /: " + first));
    }

    Reply send(String method, String path, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(this.local, 0));
            socket.connect(new InetSocketAddress(this.gateway.getHost(), this.gateway.getPort()),
                    (int) Duration.ofSeconds(5).toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(this.gateway.getHost()).append(':').append(this.gateway.getPort())
                .append("\r\n")
                .append("Connection: close\r\n")
                .append("Accept: application/json, application/problem+json\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(method + " " + path + " from " + this.local.getHostAddress() + " to "
                    + this.gateway + " failed", ex);
        }
    }

    private static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        (name) -> new ArrayList<>()).add(header.substring(colon + 1).strip());
            }
        }
        byte[] body;
        String encoding = first(headers, "transfer-encoding").orElse("");
        if (encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        }
        else if (first(headers, "content-length").isPresent()) {
            body = in.readNBytes(Integer.parseInt(first(headers, "content-length").get()));
        }
        else {
            body = in.readAllBytes();
        }
        return new Reply(Integer.parseInt(status[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int extension = size.indexOf(';');
            int length = Integer.parseInt((extension >= 0) ? size.substring(0, extension).strip() : size.strip(), 16);
            if (length == 0) {
                // trailers, up to the empty line
                while (!line(in).isEmpty()) {
                    // ignored
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(length);
            if (chunk.length < length) {
                throw new EOFException("the answer ended inside a chunk");
            }
            body.write(chunk);
            line(in);
        }
    }

    /** One line up to CRLF (ISO-8859-1, as HTTP/1.1 heads are), without it. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the answer ended inside a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return (values == null || values.isEmpty()) ? Optional.empty() : Optional.of(values.get(0));
    }

    /** An answer; header names in lower case. */
    record Reply(int status, Map<String, List<String>> headers, String body) {

        Optional<String> header(String name) {
            return first(this.headers, name.toLowerCase(Locale.ROOT));
        }

        /** The value of the cookie {@code name} this answer sets, if it sets it. */
        Optional<String> cookie(String name) {
            return this.headers.getOrDefault("set-cookie", List.of()).stream()
                .filter((cookie) -> cookie.startsWith(name + "="))
                .map((cookie) -> cookie.substring(name.length() + 1, (cookie.indexOf(';') < 0) ? cookie.length()
                        : cookie.indexOf(';')))
                .findFirst();
        }

        /** As the other system tests see answers, for {@link HostileInputs} and JSON. */
        TestGateway.Response response() {
            return new TestGateway.Response(this.status, header("Content-Type").orElse(null), this.body);
        }

        @Override
        public String toString() {
            return this.status + " " + header("Content-Type").orElse("") + " " + this.body;
        }

    }

}
