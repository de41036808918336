package org.runstate.qmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.runstate.core.Machine;

/**
 * A started {@link Machine} with a {@link QmpServer} listening on a unix socket in a temporary
 * directory of its own, as a JUnit extension:
 * {@code @RegisterExtension final QmpTestServer qmp = QmpTestServer.startedBeforeEach();} (QEMU's
 * defaults) or {@link #onDemand()} and one of the {@code start} methods in the test. After each
 * test it closes the test's clients, then the server, then the machine, and removes the directory.
 */
final class QmpTestServer implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
    Machine machine;
    QmpServer server;
    SocketListener listener;
    SocketAddress address;
    /** With {@link #negotiatedBeforeEach()}: a client in command mode, connected before each test. */
    QmpTestClient client;
    private final boolean startBeforeEach;
    private final boolean connectBeforeEach;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
    private Path dir;

    private QmpTestServer(final boolean startBeforeEach, final boolean connectBeforeEach) {
        this.startBeforeEach = startBeforeEach;
        this.connectBeforeEach = connectBeforeEach;
    }

    /** Started with the defaults before each test. */
    static QmpTestServer startedBeforeEach() {
        return new QmpTestServer(true, false);
    }

    /** Started with the defaults before each test, with a negotiated {@link #client}. */
    static QmpTestServer negotiatedBeforeEach() {
        return new QmpTestServer(true, true);
    }

    /** Started by the test with one of the {@code start} methods. */
    static QmpTestServer onDemand() {
        return new QmpTestServer(false, false);
    }

    @Override
    public void beforeEach(final ExtensionContext context) throws IOException {
        if (startBeforeEach) {
            start();
        }
        if (connectBeforeEach) {
            client = connectNegotiated();
        }
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        close();
    }

    /** A running machine (QEMU's defaults) served with the default options. */
    QmpTestServer start() throws IOException {
        return start(QmpServerOptions.defaults());
    }

    /** A running machine served with {@code options}. */
    QmpTestServer start(final QmpServerOptions options) throws IOException {
        return start(options, b -> b, s -> { });
    }

    /**
     * A started machine built by {@code machineOptions} from the default builder, served with
     * {@code options}; {@code setup} runs on the server before it listens (to register commands).
     */
    QmpTestServer start(final QmpServerOptions options, final UnaryOperator<Machine.Builder> machineOptions,
            final Consumer<QmpServer> setup) throws IOException {
        if (machine != null) {
            throw new IllegalStateException("already started");
        }
        dir = Files.createTempDirectory("qmp-test");
        Machine m = machineOptions.apply(Machine.builder()).build().start();
        QmpServer s = new QmpServer(m, options);
        try {
            setup.accept(s);
            listener = s.listen(QmpEndpoint.unix(dir.resolve("qmp.sock")));
        } catch (IOException | RuntimeException e) {
            s.close();
            m.close();
            throw e;
        }
        machine = m;
        server = s;
        address = UnixDomainSocketAddress.of(listener.endpoint().unixPath());
        return this;
    }

    /** The default options with the given limits. */
    static QmpServerOptions options(final int maxClients, final int outboundQueueCapacity, final int maxMessageBytes) {
        return new QmpServerOptions(QmpVersion.QEMU_7_2, QmpServerOptions.PACKAGE, true, maxClients,
                outboundQueueCapacity, maxMessageBytes);
    }

    /** A connected client that has not read anything yet. */
    QmpTestClient connect() throws IOException {
        QmpTestClient c = QmpTestClient.connect(address);
        clients.add(c);
        return c;
    }

    /** A connected client in command mode (no OOB). */
    QmpTestClient connectNegotiated() throws IOException {
        return connect().negotiate();
    }

    /**
     * Holds the machine's control thread until {@code release} opens, through interrupts too;
     * commands submitted meanwhile wait behind it.
     */
    void holdControlThreadUntil(final CountDownLatch release) {
        machine.execute(() -> {
            boolean done = false;
            while (!done) {
                try {
                    release.await();
                    done = true;
                } catch (InterruptedException e) {
                    // keep holding until released
                }
            }
        });
    }

    /** Remembers something to close before the server. */
    <T extends AutoCloseable> T track(final T closeable) {
        clients.add(closeable);
        return closeable;
    }

    /** Closes the clients, the server and the machine; again does nothing. */
    @Override
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                // already closed
            }
        }
        clients.clear();
        if (server != null) {
            server.close();
            listener.close();
            machine.close();
            server = null;
        }
        if (dir != null) {
            deleteDir();
        }
    }

    private void deleteDir() {
        try (var paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir = null;
    }
}
