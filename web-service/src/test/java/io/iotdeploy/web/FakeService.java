package io.iotdeploy.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A platform service played by the JDK's HTTP server on a random loopback port: answers what a test told it to
 * and records every request it received, in the order shared by all fakes of a test run.
 */
final class FakeService {

    private final String name;

    private final HttpServer server;

    private final Queue<String> order;

    private final List<Received> received = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    FakeService(String name, Queue<String> order) {
        this.name = name;
        this.order = order;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        this.server.setExecutor(Executors.newCachedThreadPool());
        this.server.createContext("/", this::handle);
        this.server.start();
    }

    String name() {
        return this.name;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    /**
     * Answers {@code method path} (the path without its query) with this status and body; a path ending in
     * {@code *} answers every path it begins.
     */
    void answer(String method, String path, int status, String contentType, String body) {
        answer(method, path, (exchange) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    void answerJson(String method, String path, int status, String json) {
        answer(method, path, status, "application/json", json);
    }

    void answerProblem(String method, String path, int status, String json) {
        answer(method, path, status, "application/problem+json", json);
    }

    void answer(String method, String path, Answer answer) {
        this.answers.put(method + " " + path, answer);
    }

    List<Received> received() {
        return List.copyOf(this.received);
    }

    Received only(String method, String path) {
        List<Received> matching = this.received.stream()
            .filter((request) -> request.method().equals(method) && request.path().equals(path))
            .toList();
        if (matching.size() != 1) {
            throw new AssertionError(this.name + " received " + matching.size() + " requests " + method + " " + path
                    + ", not one; all it received: " + this.received);
        }
        return matching.get(0);
    }

    void reset() {
        this.received.clear();
        this.answers.clear();
    }

    void stop() {
        this.server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.setStreams(new java.io.ByteArrayInputStream(body), null);
        Received request = new Received(method, path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body);
        this.received.add(request);
        this.order.add(this.name + " " + method + " " + path);
        Answer answer = this.answers.get(method + " " + path);
        if (answer == null) {
            answer = this.answers.entrySet()
                .stream()
                .filter((entry) -> entry.getKey().endsWith("*")
                        && (method + " " + path).startsWith(entry.getKey().substring(0, entry.getKey().length() - 1)))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        }
        if (answer == null) {
            byte[] problem = ("{\"title\":\"Not Found\",\"status\":404,\"detail\":\"the fake " + this.name
                    + " has no answer for " + method + " " + path + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(404, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
            return;
        }
        try {
            answer.answer(exchange);
        }
        finally {
            exchange.close();
        }
    }

    @FunctionalInterface
    interface Answer {

        void answer(HttpExchange exchange) throws IOException;

    }

    record Received(String method, String path, String query, Headers headers, byte[] body) {

        String header(String name) {
            return this.headers.getFirst(name);
        }

        String bearerToken() {
            String authorization = header("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                throw new AssertionError("no bearer token in " + this);
            }
            return authorization.substring("Bearer ".length());
        }

        String text() {
            return new String(this.body, StandardCharsets.UTF_8);
        }

        /** The parts of a multipart/form-data body: name → content (a file part's content as text). */
        Map<String, Part> parts() {
            Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(header("Content-Type"));
            if (!boundary.find()) {
                throw new AssertionError("not multipart: " + header("Content-Type"));
            }
            String body = new String(this.body, StandardCharsets.ISO_8859_1);
            Map<String, Part> parts = new LinkedHashMap<>();
            for (String part : body.split("--" + Pattern.quote(boundary.group(1)))) {
                int headersEnd = part.indexOf("\r\n\r\n");
                if (headersEnd < 0) {
                    continue;
                }
                String headers = part.substring(0, headersEnd);
                String content = part.substring(headersEnd + 4, part.length() - 2);
                Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
                Matcher filename = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
                name.find();
                parts.put(name.group(1), new Part(filename.find() ? filename.group(1) : null,
                        new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
            }
            return parts;
        }

        @Override
        public String toString() {
            return this.method + " " + this.path + ((this.query != null) ? "?" + this.query : "");
        }

    }

    record Part(String filename, String content) {
    }

    static List<String> names(List<Received> requests) {
        List<String> names = new ArrayList<>();
        requests.forEach((request) -> names.add(request.toString()));
        return names;
    }

    static Queue<String> newOrder() {
        return new ConcurrentLinkedQueue<>();
    }

}
