package org.runstate.machine.chardev;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.runstate.machine.cli.CliError;
import org.runstate.qmp.QmpEndpoint;
import org.runstate.qmp.SocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -chardev socket}: a unix or TCP socket, or an inherited descriptor, in server mode (a
 * listening socket; every client is served, where QEMU serves one at a time) or client mode (one
 * connection, as in QEMU; with {@code reconnect=S} a lost or refused connection is retried every
 * S seconds). A server with {@code wait=on} blocks start-up until its first client connects.
 */
final class SocketChardev implements Chardev {
    private static final Logger LOG = LoggerFactory.getLogger(SocketChardev.class);

    private final String id;
    private final QmpEndpoint address;
    private final long reconnectSeconds;
    private final List<SocketChannel> pending = new ArrayList<>();
    private Frontend frontend;
    private SocketListener listener;
    private final CountDownLatch firstClient = new CountDownLatch(1);
    private volatile boolean closed;

    private SocketChardev(final String id, final QmpEndpoint address, final long reconnectSeconds) {
        this.id = id;
        this.address = address;
        this.reconnectSeconds = reconnectSeconds;
    }

    /**
     * A listening chardev (see {@link #awaitFirstClient} for {@code wait=on}).
     *
     * @param id the chardev id
     * @param address where to listen
     * @return the chardev
     * @throws CliError QEMU's message when the socket cannot be bound
     */
    static SocketChardev server(final String id, final QmpEndpoint address) {
        SocketChardev c = new SocketChardev(id, address, 0);
        try {
            c.listener = new SocketListener(address, "chardev-" + id, c::accepted);
        } catch (IOException e) {
            throw new CliError(e.getMessage());
        }
        return c;
    }

    /**
     * A chardev on an inherited socket: a listening one is served as a server, a connected one
     * as a client connection.
     *
     * @param id the chardev id
     * @param fdText the {@code fd=} value
     * @param server whether {@code server=on} was given
     * @return the chardev
     * @throws CliError when the descriptor is not a suitable socket
     */
    static SocketChardev inherited(final String id, final String fdText, final boolean server) {
        int fd = InheritedSocket.parseFd(fdText);
        InheritedSocket.Kind kind = InheritedSocket.inspect(fd);
        SocketChardev c = new SocketChardev(id, null, 0);
        if (server) {
            if (!kind.listening()) {
                // QEMU calls listen(2) on the descriptor; a connected socket refuses
                throw new CliError("Failed to listen on fd socket: Invalid argument");
            }
            ServerSocketChannel ch = InheritedSocket.listening(fd, kind);
            c.listener = new SocketListener(ch, QmpEndpoint.unix(java.nio.file.Path.of("fd:" + fd)),
                    "chardev-" + id, c::accepted);
        } else {
            if (kind.listening()) {
                throw new CliError("Failed to connect to fd " + fd + ": the socket is listening (use server=on)");
            }
            c.deliver(InheritedSocket.connected(fd, kind));
        }
        return c;
    }

    /**
     * A connecting chardev: connects now; without {@code reconnect} a failure is fatal.
     *
     * @param id the chardev id
     * @param address where to connect
     * @param reconnectSeconds retry period, 0 for none
     * @return the chardev
     * @throws CliError QEMU's "Failed to connect to ..." without reconnect
     */
    static SocketChardev client(final String id, final QmpEndpoint address, final long reconnectSeconds) {
        SocketChardev c = new SocketChardev(id, address, reconnectSeconds);
        try {
            c.deliver(connect(address));
        } catch (IOException e) {
            if (reconnectSeconds == 0) {
                throw new CliError(connectError(address, e));
            }
            LOG.warn("Unable to connect character device {}: {}", id, connectError(address, e));
            c.scheduleReconnect();
        }
        return c;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void attach(final Frontend f) {
        if (frontend != null) {
            throw new CliError("Device '" + id + "' is in use");
        }
        frontend = f;
        List<SocketChannel> waiting = List.copyOf(pending);
        pending.clear();
        waiting.forEach(this::serve);
    }

    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            listener.close();
        }
        synchronized (this) {
            for (SocketChannel ch : pending) {
                try {
                    ch.close();
                } catch (IOException e) {
                    LOG.debug("closing an unserved connection failed", e);
                }
            }
            pending.clear();
        }
    }

    /** QEMU's {@code chr->filename} before a client connects, as its waiting message shows it. */
    private String filename() {
        return address == null ? "disconnected:fd,server=on"
                : address.unixPath() != null ? "disconnected:unix:" + address.unixPath() + ",server=on"
                : "disconnected:tcp:" + address.host() + ":" + listener.endpoint().port() + ",server=on";
    }

    /**
     * {@code wait=on}: blocks start-up until the first client connects, as QEMU does, after
     * printing QEMU's line. The chardev is registered first, so a signal meanwhile cleans it up.
     *
     * @param info receives QEMU's "waiting for connection" line
     */
    void awaitFirstClient(final Consumer<String> info) {
        info.accept("QEMU waiting for connection on: " + filename());
        try {
            firstClient.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accepted(final SocketChannel ch) {
        deliver(ch);
        firstClient.countDown();
    }

    private synchronized void deliver(final SocketChannel ch) {
        if (closed) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("close failed", e);
            }
        } else if (frontend == null) {
            pending.add(ch);
        } else {
            serve(ch);
        }
    }

    private void serve(final SocketChannel ch) {
        frontend.serve(ch).whenComplete((r, e) -> {
            if (reconnectSeconds > 0 && !closed) {
                scheduleReconnect();
            }
        });
    }

    private void scheduleReconnect() {
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(reconnectSeconds * 1000);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    deliver(connect(address));
                    return;
                } catch (IOException e) {
                    LOG.debug("reconnecting chardev {} failed: {}", id, e.getMessage());
                }
            }
        }, "chardev-" + id + "-reconnect");
        t.setDaemon(true);
        t.start();
    }

    private static SocketChannel connect(final QmpEndpoint address) throws IOException {
        SocketAddress to = address.unixPath() != null ? UnixDomainSocketAddress.of(address.unixPath())
                : new InetSocketAddress(address.host(), address.port());
        return SocketChannel.open(to);
    }

    private static String connectError(final QmpEndpoint address, final IOException e) {
        String target = address.unixPath() != null ? address.unixPath().toString()
                : address.host() + ":" + address.port();
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "Failed to connect to '" + target + "': " + reason;
    }
}
