package org.runstate.machine;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's training run for the launcher's class-data-sharing archive: it starts a pc machine
 * the way management tools do (QMP monitor, devices, qtest), drives one QMP session through
 * negotiation, a query, HMP and {@code quit}, then a plain one as tools and benchmarks start it
 * ({@code -qmp}, the default accelerator's demo vCPU) through negotiation, a query and
 * {@code quit}, and ends. Run with
 * {@code -XX:DumpLoadedClassList=FILE}, the JVM lists every class start-up needs; the build then
 * archives exactly those with {@code -Xshare:dump}, and the launcher script maps that archive
 * instead of loading and verifying those classes again.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    /**
     * Runs the training session.
     *
     * @param args ignored
     * @throws IOException if the temporary socket directory or the session fails
     */
    public static void main(final String[] args) throws IOException {
        libvirtStyle();
        // the plain start tools and benchmarks use: -qmp, the default accelerator (the demo vCPU)
        Path dir = Files.createTempDirectory("runstate-cds");
        Path qmp = dir.resolve("qmp.sock");
        try (RunstateVm vm = RunstateVm.launch("-M", "pc", "-nodefaults", "-display", "none", "-S", "-qmp",
                "unix:" + qmp + ",server=on,wait=off")) {
            session(qmp, "{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"query-status\"}\n"
                    + "{\"execute\": \"quit\"}\n");
            vm.termination().join();
        } finally {
            Files.deleteIfExists(qmp);
            Files.deleteIfExists(dir);
        }
    }

    /** A start as libvirt makes it: -chardev and -mon, qtest, devices, HMP. */
    private static void libvirtStyle() throws IOException {
        Path dir = Files.createTempDirectory("runstate-cds");
        Path qmp = dir.resolve("qmp.sock");
        Path qtest = dir.resolve("qtest.sock");
        try (RunstateVm vm = RunstateVm.launch("-name", "guest=training,debug-threads=on", "-machine",
                "pc-i440fx-7.2,usb=off,dump-guest-core=off", "-accel", "qtest", "-S", "-m", "128", "-smp",
                "1,sockets=1,cores=1,threads=1", "-no-user-config", "-nodefaults", "-chardev",
                "socket,id=charmonitor,path=" + qmp + ",server=on,wait=off", "-mon",
                "chardev=charmonitor,id=monitor,mode=control", "-qtest", "unix:" + qtest + ",server=on,wait=off",
                "-qtest-log", "none", "-device", "{\"driver\":\"i6300esb\",\"id\":\"watchdog0\",\"bus\":\"pci.0\"}",
                "-device", "pvpanic", "-msg", "timestamp=on")) {
            session(qmp, "{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"query-status\"}\n"
                    + "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info status\"}}\n"
                    + "{\"execute\": \"cont\"}\n{\"execute\": \"quit\"}\n");
            vm.termination().join();
        } finally {
            Files.deleteIfExists(qmp);
            Files.deleteIfExists(qtest);
            Files.deleteIfExists(dir);
        }
    }

    /** Sends the commands on one QMP connection and reads to the end ({@code quit} closes it). */
    private static void session(final Path qmp, final String commands) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(qmp));
            ch.write(ByteBuffer.wrap(commands.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            while (ch.read(in) >= 0) {
                in.clear();
            }
        }
    }
}
