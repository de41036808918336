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
    /** The connections being served, the latest last. */
    private final List<SocketChannel> live = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Frontend frontend;
    private SocketListener listener;
    private final CountDownLatch firstClient = new CountDownLatch(1);
    /** QEMU's {@code s->addr} as {@code filename} prints it ({@code unix:PATH}), without {@code ,server=on}. */
    private String addressText;
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
        c.addressText = address.unixPath() != null ? "unix:" + address.unixPath()
                : "tcp:" + address.host() + ":" + c.listener.endpoint().port();
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
            c.addressText = describe(localAddress(ch), "fd:" + fd);
            c.listener = new SocketListener(ch, QmpEndpoint.unix(java.nio.file.Path.of("fd:" + fd)),
                    "chardev-" + id, c::accepted);
        } else {
            if (kind.listening()) {
                throw new CliError("Failed to connect to fd " + fd + ": the socket is listening (use server=on)");
            }
            c.addressText = "fd:" + fd;
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
        c.addressText = address.unixPath() != null ? "unix:" + address.unixPath()
                : "tcp:" + address.host() + ":" + address.port();
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
    public String qomType() {
        return "chardev-socket";
    }

    @Override
    public synchronized boolean frontendOpen() {
        return frontend != null;
    }

    /**
     * {@code qemu_chr_compute_filename} of the latest connection; {@code disconnected:} and the
     * address without one. A client's own unix address is unnamed, so it prints {@code unix:}.
     */
    @Override
    public String filename() {
        String server = listener != null ? ",server=on" : "";
        List<SocketChannel> now = List.copyOf(live);
        if (!now.isEmpty()) {
            SocketChannel ch = now.get(now.size() - 1);
            SocketAddress local = localAddress(ch);
            if (local instanceof InetSocketAddress l) {
                SocketAddress remote;
                try {
                    remote = ch.getRemoteAddress();
                } catch (IOException e) {
                    remote = null;
                }
                return "tcp:" + hostPort(l) + server + " <-> "
                        + (remote instanceof InetSocketAddress r ? hostPort(r) : "");
            }
            if (listener != null) {
                return addressText + server; // the path as bound (the listener binds a temporary name, then renames)
            }
            return "unix:" + (local instanceof UnixDomainSocketAddress u ? u.getPath().toString() : "");
        }
        return "disconnected:" + addressText + server;
    }

    private static SocketAddress localAddress(final java.nio.channels.NetworkChannel ch) {
        try {
            return ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code unix:PATH} or {@code tcp:HOST:PORT} of a bound address; {@code fallback} if neither. */
    private static String describe(final SocketAddress a, final String fallback) {
        if (a instanceof UnixDomainSocketAddress u) {
            return "unix:" + u.getPath();
        }
        return a instanceof InetSocketAddress i ? "tcp:" + hostPort(i) : fallback;
    }

    /** {@code getnameinfo} with numeric host and service; IPv6 in brackets, as QEMU prints it. */
    private static String hostPort(final InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        int zone = host.indexOf('%');
        host = zone >= 0 ? host.substring(0, zone) : host;
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
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
        live.add(ch);
        frontend.serve(ch).whenComplete((r, e) -> {
            live.remove(ch);
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
