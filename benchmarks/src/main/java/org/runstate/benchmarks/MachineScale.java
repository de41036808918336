package org.runstate.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.runstate.core.Machine;
import org.runstate.core.vcpu.VcpuEngine;
import org.runstate.qmp.QmpEndpoint;
import org.runstate.qmp.QmpServer;
import org.runstate.qmp.QmpServerOptions;

/**
 * Family 6: how many machines one JVM holds. Starts N idle machines, each with its control
 * thread, one vCPU thread (halted) and a QMP unix socket with its accept thread; checks that every
 * one answers {@code query-status} over its socket; then prints, as one JSON line, the heap after a
 * full GC, the process RSS and thread count, and their increase per machine over the empty JVM.
 *
 * <p>Not a JMH benchmark: it measures footprint, not time. Usage: {@code MachineScale N [N...]}
 * (each count in a fresh start is best: run one count per JVM for the documented figures).
 */
public final class MachineScale {
    private MachineScale() {
    }

    public static void main(final String[] args) throws Exception {
        for (String a : args.length == 0 ? new String[] {"10"} : args) {
            System.out.println(measure(Integer.parseInt(a)));
        }
    }

    static String measure(final int n) throws Exception {
        Footprint before = Footprint.now();
        Path dir = Files.createTempDirectory("runstate-scale");
        List<Machine> machines = new ArrayList<>(n);
        List<QmpServer> servers = new ArrayList<>(n);
        List<Path> sockets = new ArrayList<>(n);
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                Machine m = Machine.builder().vcpus(1).engine(VcpuEngine.IDLE).autostart(true).build().start();
                machines.add(m);
                QmpServer s = new QmpServer(m, QmpServerOptions.defaults());
                servers.add(s);
                Path p = dir.resolve("m" + i + ".sock");
                s.listen(QmpEndpoint.unix(p));
                sockets.add(p);
            }
            long startMs = (System.nanoTime() - t0) / 1_000_000;
            for (Path p : sockets) {
                String reply = queryStatus(p);
                if (!reply.equals("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}}")) {
                    throw new IllegalStateException(p + " answered " + reply);
                }
            }
            Footprint after = Footprint.now();
            return String.format(Locale.ROOT,
                    "{\"machines\": %d, \"start_ms\": %d, \"heap_mb\": %.1f, \"rss_mb\": %.1f, \"threads\": %d,"
                            + " \"heap_kb_per_machine\": %.1f, \"rss_kb_per_machine\": %.1f, \"threads_per_machine\": %.2f,"
                            + " \"baseline_heap_mb\": %.1f, \"baseline_rss_mb\": %.1f, \"baseline_threads\": %d}",
                    n, startMs, after.heapBytes / 1048576.0, after.rssKb / 1024.0, after.threads,
                    (after.heapBytes - before.heapBytes) / 1024.0 / n, (double) (after.rssKb - before.rssKb) / n,
                    (double) (after.threads - before.threads) / n, before.heapBytes / 1048576.0, before.rssKb / 1024.0,
                    before.threads);
        } finally {
            servers.forEach(QmpServer::close);
            machines.forEach(Machine::close);
            for (Path p : sockets) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Connects, negotiates, asks for the status, and returns the reply line. */
    private static String queryStatus(final Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(ch);
            in.readLine(); // greeting
            out.write("{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"query-status\"}\n".getBytes(StandardCharsets.UTF_8));
            in.readLine(); // {"return": {}}
            return in.readLine();
        }
    }

    /** Heap after a full GC, RSS and live threads of this process. */
    private record Footprint(long heapBytes, long rssKb, int threads) {
        static Footprint now() throws IOException {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            Runtime rt = Runtime.getRuntime();
            long heap = rt.totalMemory() - rt.freeMemory();
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new Footprint(heap, rss, ManagementFactory.getThreadMXBean().getThreadCount());
        }
    }
}
