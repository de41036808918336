package org.runstate.qmp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening unix or TCP socket with an accept thread. Unix sockets are created with mode 0600
 * (bound under a temporary name, restricted, then renamed into place, so no other user can
 * connect in between). An existing socket at the path is replaced only if it is stale (nobody
 * accepts on it); one a live server holds is refused with QEMU's "Address already in use", and
 * anything else (a regular file, a directory, a symbolic link, a FIFO, a device node) is refused
 * and left untouched. At close the path is removed only if it is still the socket this listener
 * created (QEMU unlinks blindly, which can delete a successor's socket). TCP binds loopback
 * unless a host is given. Shared by the QMP and qtest servers.
 */
public final class SocketListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketListener.class);
    /** {@code S_IFMT} and {@code S_IFSOCK} of {@code stat(2)}'s {@code st_mode}. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final ServerSocketChannel server;
    private final QmpEndpoint endpoint;
    private final Path unixPath;
    /** The inode of the socket file this listener created, to recognise it at close. */
    private final Object unixFileKey;
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Binds and starts accepting.
     *
     * @param endpoint where to listen
     * @param threadName the accept thread's name
     * @param onAccept called on the accept thread for each new connection
     * @throws IOException if the socket cannot be created
     */
    public SocketListener(final QmpEndpoint endpoint, final String threadName, final Consumer<SocketChannel> onAccept)
            throws IOException {
        if (endpoint.unixPath() != null) {
            unixPath = endpoint.unixPath().toAbsolutePath();
            server = bindUnix(unixPath);
            unixFileKey = fileKey(unixPath);
            this.endpoint = endpoint;
        } else {
            unixPath = null;
            unixFileKey = null;
            server = ServerSocketChannel.open();
            String host = endpoint.host();
            InetAddress addr = host == null || host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
            server.bind(new InetSocketAddress(addr, endpoint.port()));
            this.endpoint = QmpEndpoint.tcp(addr.getHostAddress(), ((InetSocketAddress) server.getLocalAddress()).getPort());
        }
        acceptor = new Thread(() -> acceptLoop(onAccept), threadName);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Accepts on a socket that is already bound and listening (an inherited descriptor); closing
     * the listener closes the socket but removes no file.
     *
     * @param listening the bound, listening channel
     * @param endpoint what to report it as
     * @param threadName the accept thread's name
     * @param onAccept called on the accept thread for each new connection
     */
    public SocketListener(final ServerSocketChannel listening, final QmpEndpoint endpoint, final String threadName,
            final Consumer<SocketChannel> onAccept) {
        this.server = listening;
        this.endpoint = endpoint;
        this.unixPath = null;
        this.unixFileKey = null;
        acceptor = new Thread(() -> acceptLoop(onAccept), threadName);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * The bound address (for TCP with port 0, the chosen port).
     *
     * @return the endpoint
     */
    public QmpEndpoint endpoint() {
        return endpoint;
    }

    /** Stops accepting and removes the unix socket file; open connections are not touched. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            if (unixPath != null && unixFileKey != null && unixFileKey.equals(fileKey(unixPath))) {
                Files.deleteIfExists(unixPath);
            }
        } catch (IOException e) {
            LOG.warn("closing {} failed", endpoint, e);
        }
    }

    private void acceptLoop(final Consumer<SocketChannel> onAccept) {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                onAccept.accept(ch);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accept on {} failed", endpoint, e);
                }
            }
        }
    }

    /**
     * Whether {@code path} itself (not a link's target) is a unix socket. "Other" file types also
     * include FIFOs and device nodes, which must never be deleted to make room for a socket.
     */
    static boolean isSocket(final Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no "unix" attribute view: refuse anything we cannot positively identify
            return false;
        }
    }

    /** Whether a server accepts connections on the socket at {@code path} (else it is stale). */
    private static boolean isLive(final Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The file's identity (device and inode), or null if it is gone. */
    private static Object fileKey(final Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static ServerSocketChannel bindUnix(final Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!isSocket(path)) {
                throw new IOException("Failed to bind socket to " + path + ": the path exists and is not a socket");
            }
            if (isLive(path)) {
                throw new IOException("Failed to bind socket to " + path + ": Address already in use");
            }
            Files.delete(path);
        }
        Path tmp = path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            SocketAddress addr = UnixDomainSocketAddress.of(tmp);
            ch.bind(addr);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
