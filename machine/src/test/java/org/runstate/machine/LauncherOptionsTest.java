package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launcher behaviour beyond the recorded scenarios: repeated options and qtest outside qtest mode. */
class LauncherOptionsTest {
    @TempDir
    Path dir;

    @Test
    void repeatedDeviceAndQmpOptionsAccumulateAsInQemu() throws Exception {
        Path a = dir.resolve("a.sock");
        Path b = dir.resolve("b.sock");
        Path qt = dir.resolve("qt.sock");
        try (RunstateVm vm = RunstateVm.launch("-accel", "qtest", "-S", "-device", "pvpanic", "-device", "i6300esb",
                "-qmp", "unix:" + a + ",server=on,wait=off", "-qmp", "unix:" + b + ",server=on,wait=off",
                "-qtest", "unix:" + qt + ",server=on,wait=off")) {
            assertThat(firstLine(a)).startsWith("{\"QMP\": ");
            assertThat(firstLine(b)).startsWith("{\"QMP\": ");
            // pvpanic answers its default port with the events it supports (panicked, crash-loaded)
            assertThat(exchange(qt, "inb 0x505")).isEqualTo("OK 0x0003");
        }
    }

    /** libvirt 9.0's command line for a domain without {@code <features><acpi/></features>}. */
    @Test
    void noAcpiStartsAPcMachineAsMachineAcpiOff() throws Exception {
        try (RunstateVm vm = RunstateVm.launch("-S", "-machine", "pc-i440fx-7.2,usb=off", "-accel", "tcg",
                "-nodefaults", "-no-shutdown", "-no-acpi")) {
            assertThat(vm.machine().runState()).isEqualTo(org.runstate.core.qapi.RunState.PRELAUNCH);
        }
    }

    @Test
    void clockStepWithoutQtestAcceleratorFailsAndTheConnectionGoesOn() throws Exception {
        Path qt = dir.resolve("qt.sock");
        try (RunstateVm vm = RunstateVm.launch("-S", "-qtest", "unix:" + qt + ",server=on,wait=off")) {
            try (SocketChannel ch = connect(qt)) {
                BufferedReader in = reader(ch);
                Channels.newOutputStream(ch).write("clock_step 100\ninb 0x92\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("FAIL clock_step needs -accel qtest");
                assertThat(in.readLine()).startsWith("OK 0x");
            }
        }
    }

    @Test
    void bareClockStepWithoutTimersLeavesVirtualTimeWhereItIs() throws Exception {
        Path qt = dir.resolve("qt.sock");
        try (RunstateVm vm = RunstateVm.launch("-accel", "qtest", "-S", "-M", "none",
                "-qtest", "unix:" + qt + ",server=on,wait=off")) {
            try (SocketChannel ch = connect(qt)) {
                BufferedReader in = reader(ch);
                Channels.newOutputStream(ch).write("clock_step 1000\nclock_step\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("OK 1000");
                assertThat(in.readLine()).isEqualTo("OK 1000");
            }
        }
    }

    private static String firstLine(final Path socket) throws IOException {
        try (SocketChannel ch = connect(socket)) {
            return reader(ch).readLine();
        }
    }

    private static String exchange(final Path socket, final String line) throws IOException {
        try (SocketChannel ch = connect(socket)) {
            Channels.newOutputStream(ch).write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            return reader(ch).readLine();
        }
    }

    private static SocketChannel connect(final Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return ch;
    }

    private static BufferedReader reader(final SocketChannel ch) {
        return new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.US_ASCII));
    }
}
