package io.iotdeploy.machine.device;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A device that is there and never answers: it accepts connections, reads nothing and writes nothing, as an engine
 * that hangs. Each ping of it ends at the pinger's timeout.
 */
final class SilentEngine implements AutoCloseable {

    private final ServerSocket server;

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private SilentEngine(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "silent-engine-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SilentEngine start() throws IOException {
        return new SilentEngine(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
    }

    int port() {
        return this.server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return this.accepted.size();
    }

    @Override
    public void close() throws IOException {
        this.server.close();
        for (Socket socket : this.accepted) {
            socket.close();
        }
    }

    private void accept() {
        try {
            while (!this.server.isClosed()) {
                this.accepted.add(this.server.accept());
            }
        }
        catch (IOException ex) {
            // closed
        }
    }

}
