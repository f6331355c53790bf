package io.iotdeploy.device.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * The application the integration tests deploy: a small HTTP server that answers with its greeting (a
 * resource, so that a "changed application" is a different jar) and the architecture it runs on; {@code /fail}
 * answers 500. With {@code EXIT_CODE} set it prints one line and exits with that code at once.
 */
public final class HelloServer {

    private HelloServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
        String greeting;
        try (InputStream in = HelloServer.class.getResourceAsStream("/greeting.txt")) {
            greeting = (in != null) ? new String(in.readAllBytes(), StandardCharsets.UTF_8).trim() : "hello";
        }
        String exit = System.getenv("EXIT_CODE");
        if (exit != null) {
            // a release that crashes on start, for the health and rollout tests
            System.out.println("hello-server exits with " + exit + " as asked (" + greeting + ")");
            System.exit(Integer.parseInt(exit));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        String body = greeting + " from " + System.getProperty("os.arch") + "\n";
        // a path that fails, for a health check that does
        server.createContext("/fail", (exchange) -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.createContext("/", (exchange) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        System.out.println("hello-server listening on port " + port + " (" + greeting + ")");
    }

}
