package dev.promotiond.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class TransportErrorsTest {
    @Test
    void everyTimeoutIsTimeout() {
        assertThat(TransportErrors.text(new InterruptedIOException("timeout"))).isEqualTo("timeout");
        assertThat(TransportErrors.text(new SocketTimeoutException("Read timed out"))).isEqualTo("timeout");
    }

    @Test
    void refusedResetAndTlsHaveTheirOwnWords() {
        assertThat(TransportErrors.text(new ConnectException("Connection refused"))).isEqualTo("refused");
        assertThat(TransportErrors.text(new IOException("wrapped", new ConnectException("x")))).isEqualTo("refused");
        assertThat(TransportErrors.text(new SocketException("Connection reset"))).isEqualTo("reset");
        assertThat(TransportErrors.text(new SSLHandshakeException("PKIX path building failed")))
                .isEqualTo("TLS: PKIX path building failed");
    }

    @Test
    void anythingElseIsUnreachableWithTheMessageCut() {
        assertThat(TransportErrors.text(new UnknownHostException("no such host a.invalid")))
                .isEqualTo("unreachable: no such host a.invalid");
        assertThat(TransportErrors.text(new IOException())).isEqualTo("unreachable: IOException");
        assertThat(TransportErrors.text(new IOException("x".repeat(500)))).hasSize("unreachable: ".length() + 128);
        assertThat(TransportErrors.detail(new IOException("unexpected end of stream"))).isEqualTo("unexpected end of stream");
        assertThat(TransportErrors.detail(new ConnectException("Connection refused"))).isEqualTo("refused");
    }

    @Test
    void aClosedPortIsRefusedThroughARealClient() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        OkHttpClient client = HttpClients.builder("test", Duration.ofSeconds(5)).build();
        try (Response r = client.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/").build()).execute()) {
            throw new AssertionError("answered " + r.code());
        } catch (IOException e) {
            assertThat(TransportErrors.text(e)).isEqualTo("refused");
        } finally {
            HttpClients.close(client);
        }
    }
}
