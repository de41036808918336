package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start-up error is printed while the monitor socket still listens, as QEMU's
 * {@code error_report} comes before {@code exit}. libvirt 9.0 kills the emulator (SIGTERM) as soon
 * as its monitor connection reaches end of file and then reads the error from the domain log; a
 * launcher that closed its sockets first lost the message to that SIGTERM (a domain with libvirt's
 * default memballoon failed to start with "qemu unexpectedly closed the monitor" and an empty log).
 */
class StartupErrorOrderTest {
    @TempDir
    Path dir;

    @Test
    void theErrorIsOutBeforeTheMonitorSocketCloses() {
        Path monitor = dir.resolve("monitor.sock");
        List<Boolean> listeningAtEachWrite = new ArrayList<>();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new OutputStream() {
            @Override
            public void write(final int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) {
                listeningAtEachWrite.add(listening(monitor));
                text.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        int status = RunstateVm.run(new String[] {"-S", "-machine", "pc", "-nodefaults", "-chardev",
            "socket,id=charmonitor,path=" + monitor + ",server=on,wait=off", "-mon",
            "chardev=charmonitor,id=monitor,mode=control", "-device",
            "virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x2"}, new PrintStream(OutputStream.nullOutputStream()),
                err);
        assertThat(status).isEqualTo(1);
        assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo(RunstateVm.programName()
                + ": -device virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x2: 'virtio-balloon-pci' is not a valid "
                + "device model name\n");
        assertThat(listeningAtEachWrite).isNotEmpty().containsOnly(true);
        assertThat(listening(monitor)).isFalse();
    }

    private static boolean listening(final Path path) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
