package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} that cannot start says why in one message and exits 2: its port is taken, or its store is unusable. */
class RunStartFailureTest {
    @TempDir
    Path dir;

    @Test
    void aPortInUseExitsTwoNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path config = config("127.0.0.1:" + taken.getLocalPort(), "./ledger.db");
            StringWriter err = new StringWriter();
            int exit = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run", "--config",
                    config.toString());
            assertThat(exit).isEqualTo(ExitCodes.ERROR);
            assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    @Test
    void anUnusableStoreExitsTwoWithTheStoresMessage() throws Exception {
        Path notAStore = dir.resolve("ledger.db");
        Files.writeString(notAStore, "this is not an SQLite database, and it is long enough to be read as a header\n"
                .repeat(20));
        Path config = config("127.0.0.1:0", notAStore.toString());
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run", "--config",
                config.toString());
        assertThat(exit).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).doesNotContain("cannot listen").contains("cannot open store " + notAStore);
    }

    private Path config(String listen, String store) throws Exception {
        Path config = dir.resolve("promotiond.yaml");
        Files.writeString(config, "listen: " + listen + "\nstore: " + store + "\nevaluation_interval: 1s\n"
                + "components:\n  - name: api\n    stage: Staging\n");
        return config;
    }
}
