package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.runstate.testkit.LineClient;

/** The launcher's protections: the QMP client limit, socket files, and sockets let go on close. */
final class LauncherHardeningTest {
    private static final String GREETING_START = "{\"QMP\": {\"version\": ";

    @TempDir
    Path dir;

    /**
     * {@code --qmp-max-clients N}: a flood of connections beyond N is refused (closed without a
     * greeting) and logged; the N admitted clients are served throughout, and a freed place can be
     * taken again.
     */
    @Test
    void connectionFloodBeyondQmpMaxClientsIsRefusedAndLoggedWhileAdmittedClientsAreServed() throws Exception {
        Path qmp = dir.resolve("qmp.sock");
        StderrCapture log = StderrCapture.start();
        List<SocketChannel> flood = new ArrayList<>();
        try (RunstateVm vm = RunstateVm.launch("-M", "none", "--qmp-max-clients", "4",
                "-qmp", "unix:" + qmp + ",server=on,wait=off")) {
            vm.termination();
            List<LineClient> admitted = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                LineClient c = LineClient.connect(qmp);
                assertThat(c.readLine()).startsWith(GREETING_START);
                c.send("{\"execute\": \"qmp_capabilities\"}\n");
                assertThat(c.readLine()).isEqualTo("{\"return\": {}}");
                admitted.add(c);
            }
            for (int i = 0; i < 200; i++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(qmp));
                flood.add(ch);
                if (i % 50 == 0) {
                    // the admitted clients are served while the flood goes on
                    for (LineClient c : admitted) {
                        c.send("{\"execute\": \"query-status\"}\n");
                        assertThat(c.readLine()).startsWith("{\"return\": {\"status\": \"running\"");
                    }
                }
            }
            for (SocketChannel ch : flood) {
                assertThat(ch.read(ByteBuffer.allocate(64))).as("a refused connection gets EOF, no greeting").isEqualTo(-1);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.text())
                    .contains("refusing a QMP client: 4 clients already connected"));

            admitted.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (LineClient again = LineClient.connect(qmp)) {
                    assertThat(again.readLine()).startsWith(GREETING_START);
                }
            });
            for (LineClient c : admitted) {
                c.close();
            }
        } finally {
            log.close();
            for (SocketChannel ch : flood) {
                ch.close();
            }
        }
    }

    /**
     * qtest serves at most {@link QtestServer#MAX_CONNECTIONS} connections at once: one more is
     * closed without an answer and logged, the open ones go on, and a freed place is taken again.
     */
    @Test
    @Timeout(60) // served instead of refused, the refused client's read would wait forever
    void qtestConnectionsBeyondTheLimitAreRefusedAndLoggedWhileOpenOnesAreServed() throws Exception {
        Path qtest = dir.resolve("qtest.sock");
        StderrCapture log = StderrCapture.start();
        List<LineClient> open = new ArrayList<>();
        try (RunstateVm vm = RunstateVm.launch("-M", "pc", "-accel", "qtest",
                "-qtest", "unix:" + qtest + ",server=on,wait=off")) {
            vm.termination();
            for (int i = 0; i < QtestServer.MAX_CONNECTIONS; i++) {
                LineClient c = LineClient.connect(qtest);
                c.send("outb 0x80 " + i + "\n");
                assertThat(c.readLine()).isEqualTo("OK");
                open.add(c);
            }
            try (LineClient refused = LineClient.connect(qtest)) {
                assertThat(refused.readLine()).as("a refused connection is closed at once").isNull();
            }
            assertThat(log.text())
                    .contains("refusing a qtest client: " + QtestServer.MAX_CONNECTIONS + " connections already open");
            for (LineClient c : open) {
                c.send("outb 0x80 1\n");
                assertThat(c.readLine()).isEqualTo("OK");
            }

            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (LineClient again = LineClient.connect(qtest)) {
                    again.send("outb 0x80 2\n");
                    assertThat(again.readLine()).isEqualTo("OK");
                }
            });
        } finally {
            log.close();
            for (LineClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void qmpMaxClientsMustBeAPositiveNumber() {
        assertThatThrownBy(() -> RunstateVm.launch("--qmp-max-clients", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--qmp-max-clients 0: expects a positive number");
        assertThatThrownBy(() -> RunstateVm.launch("--qmp-max-clients", "many"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--qmp-max-clients many: expects a positive number");
    }

    /** The launcher's unix sockets are 0600, and a regular file at a socket path is refused and kept. */
    @Test
    void unixSocketsAreMode0600AndARegularFileAtTheirPathIsRefused() throws Exception {
        Path qmp = dir.resolve("qmp.sock");
        Path qtest = dir.resolve("qtest.sock");
        try (RunstateVm vm = RunstateVm.launch("-M", "none", "-qmp", "unix:" + qmp + ",server=on,wait=off",
                "-qtest", "unix:" + qtest + ",server=on,wait=off")) {
            vm.termination();
            for (Path p : List.of(qmp, qtest)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)))
                        .as("mode of %s", p).isEqualTo("rw-------");
            }
        }
        Path precious = Files.writeString(dir.resolve("precious"), "data");
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-qmp", "unix:" + precious + ",server=on,wait=off"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a socket");
        assertThat(Files.readString(precious)).isEqualTo("data");
    }

    /**
     * Regression (found by the soak test): closing the VM left each open qtest connection's thread
     * (and its socket) alive until the peer hung up. Now close() closes them: the peer sees EOF.
     */
    @Test
    void closingTheVmClosesOpenQtestConnections() throws Exception {
        Path qtest = dir.resolve("qtest.sock");
        LineClient client;
        try (RunstateVm vm = RunstateVm.launch("-M", "pc", "-accel", "qtest",
                "-qtest", "unix:" + qtest + ",server=on,wait=off")) {
            vm.termination();
            client = LineClient.connect(qtest);
            client.send("outb 0x80 1\n");
            assertThat(client.readLine()).isEqualTo("OK");
        }
        try (client) {
            assertThat(client.readLine()).as("the server side is closed").isNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().equals("qtest-client")));
        }
    }
}
