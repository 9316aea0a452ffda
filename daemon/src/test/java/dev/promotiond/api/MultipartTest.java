package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class MultipartTest {
    static final String BOUNDARY = "b0undary";
    static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    /** As curl -F sends it: fields, then a file whose bytes include CR LF and a near-boundary. */
    static byte[] curlLike() {
        String b = "--" + BOUNDARY + "\r\n";
        return (b + "Content-Disposition: form-data; name=\"version\"\r\n\r\n1.4.2\r\n"
                + b + "Content-Disposition: form-data; name=\"file\"; filename=\"junit.xml\"\r\n"
                + "Content-Type: application/xml\r\n\r\n<a>\r\n--b0undar</a>\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsFieldsAndFilesAsTheCliSendsThem() throws Exception {
        byte[] binary = {0, (byte) 0xff, '\r', '\n', '-', '-'};
        MultipartBody sent = new MultipartBody.Builder(BOUNDARY).setType(MultipartBody.FORM)
                .addFormDataPart("version", "1.4.2")
                .addFormDataPart("kind", "unit")
                .addFormDataPart("file", "report.bin", RequestBody.create(binary, MediaType.get("application/octet-stream")))
                .build();
        Buffer wire = new Buffer();
        sent.writeTo(wire);

        List<Multipart.Part> parts = Multipart.parse(sent.contentType().toString(), wire.readByteArray());

        assertThat(parts).extracting(Multipart.Part::name).containsExactly("version", "kind", "file");
        assertThat(parts.get(0).text()).isEqualTo("1.4.2");
        assertThat(parts.get(0).fileName()).isNull();
        assertThat(parts.get(2).fileName()).isEqualTo("report.bin");
        assertThat(parts.get(2).content()).isEqualTo(binary);
    }

    @Test
    void keepsAFilesBytesAsTheyAre() {
        List<Multipart.Part> parts = Multipart.parse(TYPE, curlLike());

        assertThat(parts).hasSize(2);
        assertThat(parts.get(1).text()).isEqualTo("<a>\r\n--b0undar</a>");
    }

    @Test
    void aTruncatedUploadNamesThePartItStoppedIn() {
        byte[] whole = curlLike();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 20);

        assertThatThrownBy(() -> Multipart.parse(TYPE, cut)).isInstanceOf(ApiException.class)
                .hasMessage("multipart part 2 (file) is not terminated by the boundary (truncated upload?)")
                .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(400));
    }

    @Test
    void malformedBodiesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Multipart.parse("multipart/form-data", curlLike()))
                .hasMessage("multipart/form-data without a boundary parameter");
        assertThatThrownBy(() -> Multipart.parse(TYPE, "just text".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("multipart body does not contain its boundary");
        byte[] noName = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Multipart.parse(TYPE, noName))
                .hasMessage("multipart part 1 has no Content-Disposition with a name");
        byte[] junkAfterBoundary = ("--" + BOUNDARY + "junk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--"
                + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Multipart.parse(TYPE, junkAfterBoundary))
                .hasMessage("multipart part 1 is malformed: unexpected characters after boundary");
        byte[] headersCut = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Multipart.parse(TYPE, headersCut))
                .hasMessageStartingWith("multipart part 1 ");
    }
}
