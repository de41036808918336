package org.runstate.qmp;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.runstate.core.Machine;

/**
 * A started {@link Machine} with a {@link QmpServer} listening on a unix socket in a test's
 * temporary directory. {@link #close()} closes the test's clients, then the server, then the
 * machine.
 */
final class QmpTestServer implements AutoCloseable {
    final Machine machine;
    final QmpServer server;
    final SocketListener listener;
    final SocketAddress address;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    private QmpTestServer(final Machine machine, final QmpServer server, final SocketListener listener) {
        this.machine = machine;
        this.server = server;
        this.listener = listener;
        this.address = UnixDomainSocketAddress.of(listener.endpoint().unixPath());
    }

    /** A running machine (QEMU's defaults) served with the default options. */
    static QmpTestServer start(final Path dir) throws IOException {
        return start(dir, QmpServerOptions.defaults());
    }

    /** A running machine served with {@code options} on {@code dir/qmp.sock}. */
    static QmpTestServer start(final Path dir, final QmpServerOptions options) throws IOException {
        return start(dir, options, b -> b, server -> { });
    }

    /**
     * A started machine built by {@code machine} from the default builder, served with
     * {@code options} on {@code dir/qmp.sock}; {@code setup} runs on the server before it listens
     * (to register commands).
     */
    static QmpTestServer start(final Path dir, final QmpServerOptions options,
            final UnaryOperator<Machine.Builder> machine, final Consumer<QmpServer> setup) throws IOException {
        Machine m = machine.apply(Machine.builder()).build().start();
        QmpServer server = new QmpServer(m, options);
        try {
            setup.accept(server);
            return new QmpTestServer(m, server, server.listen(QmpEndpoint.unix(dir.resolve("qmp.sock"))));
        } catch (IOException | RuntimeException e) {
            server.close();
            m.close();
            throw e;
        }
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

    /** Remembers something to close before the server. */
    <T extends AutoCloseable> T track(final T closeable) {
        clients.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                // already closed
            }
        }
        server.close();
        listener.close();
        machine.close();
    }
}
