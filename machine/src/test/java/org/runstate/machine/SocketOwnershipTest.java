package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runstate.testkit.LineClient;

/** A unix socket path belongs to whoever listens on it (beyond QEMU, which unlinks blindly). */
class SocketOwnershipTest {
    @TempDir
    Path dir;

    private String qmp(final Path p) {
        return "unix:" + p + ",server=on,wait=off";
    }

    @Test
    void aSecondLauncherOnALivePathIsRefusedAndTheFirstKeepsServing() throws Exception {
        Path p = dir.resolve("qmp.sock");
        try (RunstateVm first = RunstateVm.launch("-M", "none", "-qmp", qmp(p))) {
            assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-qmp", qmp(p)))
                    .hasMessage("-qmp " + qmp(p) + ": Failed to bind socket to " + p + ": Address already in use");
            try (LineClient c = LineClient.connect(p)) {
                assertThat(c.readLine()).startsWith("{\"QMP\": ");
            }
        }
        assertThat(p).doesNotExist();
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path p = dir.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(p));
        dead.close(); // the file stays, nobody listens
        assertThat(p).exists();
        try (RunstateVm vm = RunstateVm.launch("-M", "none", "-qmp", qmp(p)); LineClient c = LineClient.connect(p)) {
            assertThat(c.readLine()).startsWith("{\"QMP\": ");
        }
    }

    @Test
    void atExitAPathThatNowBelongsToAnotherServerIsLeftAlone() throws Exception {
        Path p = dir.resolve("moved.sock");
        RunstateVm first = RunstateVm.launch("-M", "none", "-qmp", qmp(p));
        Files.delete(p);
        try (ServerSocketChannel successor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            successor.bind(UnixDomainSocketAddress.of(p));
            first.close();
            assertThat(p).exists();
        }
    }

    @Test
    void aSecondLauncherCannotTakeALockedPidFile() throws Exception {
        Path pid = dir.resolve("vm.pid");
        try (RunstateVm first = RunstateVm.launch("-M", "none", "-pidfile", pid.toString())) {
            assertThat(Files.readString(pid)).isEqualTo(ProcessHandle.current().pid() + "\n");
            assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-pidfile", pid.toString()))
                    .hasMessage("cannot create PID file: Cannot lock pid file: Resource temporarily unavailable");
        }
        assertThat(pid).doesNotExist();
    }

    @Test
    void aPidFileInAMissingDirectoryIsRefused() {
        String missing = dir.resolve("no/such/dir/p").toString();
        assertThatThrownBy(() -> RunstateVm.launch("-M", "none", "-pidfile", missing))
                .hasMessage("cannot create PID file: Could not create '" + missing + "': No such file or directory");
    }
}
