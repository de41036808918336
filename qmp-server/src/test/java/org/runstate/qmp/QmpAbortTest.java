package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runstate.core.Machine;

/**
 * {@link QmpServer#abort()}: a machine that failed to start never runs the commands its clients
 * sent (libvirt sends {@code qmp_capabilities} as soon as the greeting arrives); its clients get
 * end of file at once, as QEMU's do when it exits from {@code qemu_init}, instead of
 * {@link QmpServer#close()}'s two seconds of waiting for replies that cannot come.
 */
final class QmpAbortTest {
    @TempDir
    Path dir;

    @Test
    void abortClosesAClientWithACommandInFlightAtOnceWithoutAReply() throws Exception {
        Machine never = Machine.builder().build(); // not started: its control loop runs nothing
        QmpServer server = new QmpServer(never, QmpServerOptions.defaults());
        SocketListener listener = server.listen(QmpEndpoint.unix(dir.resolve("qmp.sock")));
        try (QmpTestClient c = QmpTestClient.connect(UnixDomainSocketAddress.of(listener.endpoint().unixPath()))) {
            assertThat(c.readLine()).isEqualTo(QmpTestClient.GREETING);
            c.send("{\"execute\": \"qmp_capabilities\", \"id\": \"libvirt-1\"}\n");
            Thread.sleep(300); // read and queued behind the machine's first task, which never comes
            long t0 = System.nanoTime();
            server.abort();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
            assertThat(c.readUntilEof()).isEmpty();
            assertThat(server.clientCount()).isZero();
        } finally {
            server.close();
            never.close();
        }
    }
}
