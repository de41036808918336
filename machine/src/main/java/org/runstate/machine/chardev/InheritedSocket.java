package org.runstate.machine.chardev;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.runstate.machine.cli.CliError;

/**
 * A socket inherited as file descriptor {@code N} ({@code -chardev socket,fd=N}, libvirt's way
 * of passing a monitor socket it created). The JDK cannot wrap an arbitrary descriptor in a
 * channel through public API, so this uses the JDK's own channel constructors (the jar's manifest
 * opens {@code java.base/sun.nio.ch} to it). Whether the socket listens, and its family, are read
 * from {@code /proc} (Linux): {@code /proc/self/fd/N} names the socket inode, and
 * {@code /proc/net/unix}, {@code tcp}, {@code tcp6} give its family and state.
 */
final class InheritedSocket {
    /** {@code __SO_ACCEPTCON} in /proc/net/unix's Flags column: the socket listens. */
    private static final int SO_ACCEPTCON = 0x10000;
    /** {@code TCP_LISTEN} in /proc/net/tcp's st column. */
    private static final String TCP_LISTEN = "0A";

    private InheritedSocket() {
    }

    /** What the descriptor is. */
    record Kind(ProtocolFamily family, boolean listening) {
    }

    /**
     * Parses {@code fd=} as QEMU's {@code socket_get_fd} does and checks it names a socket.
     *
     * @param text the option value
     * @return the descriptor number
     * @throws CliError QEMU's messages
     */
    static int parseFd(final String text) {
        int fd;
        try {
            fd = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            // QEMU looks a non-numeric name up among the monitor's named fds (getfd): none exist at start-up
            throw new CliError("No file descriptor named " + text + " found");
        }
        if (fd < 0) {
            throw new CliError("No file descriptor named " + text + " found");
        }
        return fd;
    }

    /**
     * Looks the descriptor up in /proc.
     *
     * @param fd the descriptor
     * @return its family and whether it listens
     * @throws CliError when it is not an open socket
     */
    static Kind inspect(final int fd) {
        String target;
        try {
            target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            throw new CliError("File descriptor '" + fd + "' is not a socket");
        }
        if (!target.startsWith("socket:[")) {
            throw new CliError("File descriptor '" + fd + "' is not a socket");
        }
        String inode = target.substring("socket:[".length(), target.length() - 1);
        for (String line : lines("/proc/net/unix")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 7 && f[6].equals(inode)) {
                return new Kind(StandardProtocolFamily.UNIX, (Integer.parseInt(f[3], 16) & SO_ACCEPTCON) != 0);
            }
        }
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : lines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 10 && f[9].equals(inode)) {
                    ProtocolFamily family = table.endsWith("6") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
                    return new Kind(family, f[3].toUpperCase(Locale.ROOT).equals(TCP_LISTEN));
                }
            }
        }
        throw new CliError("File descriptor '" + fd + "' is not a unix or TCP stream socket");
    }

    /**
     * Wraps a listening socket.
     *
     * @param fd the descriptor
     * @param kind what {@link #inspect} found
     * @return the server channel (blocking)
     */
    static ServerSocketChannel listening(final int fd, final Kind kind) {
        return (ServerSocketChannel) wrap("sun.nio.ch.ServerSocketChannelImpl", fd, kind.family(), Boolean.TRUE);
    }

    /**
     * Wraps a connected socket.
     *
     * @param fd the descriptor
     * @param kind what {@link #inspect} found
     * @return the channel (blocking)
     */
    static SocketChannel connected(final int fd, final Kind kind) {
        return (SocketChannel) wrap("sun.nio.ch.SocketChannelImpl", fd, kind.family(), null);
    }

    private static Channel wrap(final String implementation, final int fd, final ProtocolFamily family,
            final Object lastArgument) {
        try {
            Class<?> util = Class.forName("sun.nio.ch.IOUtil");
            Method newFd = util.getMethod("newFD", int.class);
            FileDescriptor descriptor = (FileDescriptor) newFd.invoke(null, fd);
            Class<?> impl = Class.forName(implementation);
            Class<?> last = lastArgument == null ? java.net.SocketAddress.class : boolean.class;
            Constructor<?> c = impl.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
                    FileDescriptor.class, last);
            c.setAccessible(true);
            return (Channel) c.newInstance(SelectorProvider.provider(), family, descriptor, lastArgument);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new CliError("cannot use file descriptor " + fd + " (the JVM needs "
                    + "--add-opens java.base/sun.nio.ch=ALL-UNNAMED, which the runstate-vm launcher passes): " + e);
        }
    }

    private static List<String> lines(final String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
