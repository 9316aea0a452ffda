package dev.promotiond.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpClientsTest {
    @Test
    void everyTimeoutIsSetAndNothingIsRetriedOrFollowed() {
        OkHttpClient c = HttpClients.builder("prometheus", Duration.ofMillis(1500)).build();
        assertThat(c.callTimeoutMillis()).isEqualTo(1500);
        assertThat(c.connectTimeoutMillis()).isEqualTo(1500);
        assertThat(c.readTimeoutMillis()).isEqualTo(1500);
        assertThat(c.writeTimeoutMillis()).isEqualTo(1500);
        assertThat(c.retryOnConnectionFailure()).isFalse();
        assertThat(c.followRedirects()).isFalse();
        assertThat(c.followSslRedirects()).isFalse();
    }

    @Test
    void aBusyAnswerWithRetryAfterZeroIsNotRepeatedBehindTheCallersBack() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getLoopbackAddress(), 0);
            server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").build());
            server.enqueue(new MockResponse.Builder().code(200).build());
            OkHttpClient client = HttpClients.builder("test", Duration.ofSeconds(5)).build();

            try (Response r = client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
                assertThat(r.code()).isEqualTo(503);
                assertThat(HttpClients.retryAfter(r)).isEqualTo("0");
            } finally {
                HttpClients.close(client);
            }
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefusedNamingTheClient() {
        assertThatThrownBy(() -> HttpClients.builder("alertmanager", Duration.ZERO))
                .hasMessage("alertmanager timeout must be positive, was PT0S");
    }

    @Test
    void aCaFileWithoutCertificatesIsRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        assertThatThrownBy(() -> HttpClients.trusting(HttpClients.builder("x", Duration.ofSeconds(1)), empty))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dispatcherBoundsConcurrencyInTotalAndPerHost() {
        var d = HttpClients.dispatcher("test", 3);
        assertThat(d.getMaxRequests()).isEqualTo(3);
        assertThat(d.getMaxRequestsPerHost()).isEqualTo(3);
        d.executorService().shutdown();
        assertThatThrownBy(() -> HttpClients.dispatcher("test", 0)).hasMessageContaining("at least 1");
    }

    @Test
    void cappedReadReturnsTheBodyUpToTheCapAndNullBeyond() throws Exception {
        assertThat(CappedBody.read(ResponseBody.create("12345", null), 5)).asString().isEqualTo("12345");
        assertThat(CappedBody.read(ResponseBody.create("123456", null), 5)).isNull();
        assertThat(CappedBody.head(ResponseBody.create("123456", null), 5)).isEqualTo("12345…");
        assertThat(CappedBody.head(ResponseBody.create("12345", null), 5)).isEqualTo("12345");
    }
}
