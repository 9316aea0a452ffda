package dev.promotiond.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Plain sockets speaking HTTP/1.1 by hand, for requests no client library would send. */
final class RawHttp {
    /** Bounds every read so a test against a stuck server fails instead of hanging. */
    static final int READ_TIMEOUT_MS = 5_000;

    private RawHttp() {
    }

    static Socket open(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(READ_TIMEOUT_MS);
        return s;
    }

    /** Sends {@code head} (and nothing more) on a new connection and keeps it open. */
    static Socket stall(int port, String head) throws IOException {
        Socket s = open(port);
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    /** One complete request on a new connection; returns the status code of the answer. */
    static int status(int port, String request) throws IOException {
        try (Socket s = stall(port, request)) {
            return statusOf(s);
        }
    }

    /** The status code of the next answer on {@code s}, or -1 when the server closed it unanswered. */
    static int statusOf(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        if (line.length() == 0) {
            return -1;
        }
        String[] parts = line.toString().split(" ");
        return Integer.parseInt(parts[1]);
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    }
}
