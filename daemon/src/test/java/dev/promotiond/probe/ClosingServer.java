package dev.promotiond.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 that closes every connection right after one exchange, without
 * saying so in a header: what Node, uvicorn or nginx do once their keep-alive runs out between two
 * probes, made deterministic. It counts accepted connections.
 */
final class ClosingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean answer = true;

    ClosingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "closing-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** false: close each new connection without any response byte (a real failure on a fresh connection). */
    void answer(boolean answer) {
        this.answer = answer;
    }

    int connections() {
        return connections.get();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/health");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                connections.incrementAndGet();
                readHead(s.getInputStream());
                if (answer) {
                    byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.US_ASCII);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // closed by the test, or the client hung up: either way on to the next connection
            }
        }
    }

    /** Reads up to the blank line that ends the request head (a GET has no body). */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < end.length && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
