package dev.promotiond.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {
    @Test
    void hostAndPortAreSplitAndIpv6BracketsDropped() {
        assertThat(ListenAddress.parse("127.0.0.1:9400")).isEqualTo(new ListenAddress("127.0.0.1", 9400));
        assertThat(ListenAddress.parse("localhost:0")).isEqualTo(new ListenAddress("localhost", 0));
        assertThat(ListenAddress.parse("[::1]:65535")).isEqualTo(new ListenAddress("::1", 65535));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9400", "::1:9400", "host:65536", "host:-1", "host:", ":9400", "[::1]9400", "[]:80",
        "a b:80", "[zz]:80"})
    void malformedAddressesAreRejected(String text) {
        assertThatThrownBy(() -> ListenAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad listen address \"" + text + "\"");
    }
}
