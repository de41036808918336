package org.runstate.qmp;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a write to a blocking unix socket would complete at once: the socket polls writable
 * ({@code POLLOUT}: its unread output takes at most a quarter of the send buffer) and the write is
 * at most a quarter of the send buffer, so the kernel takes it in one piece without waiting for the
 * peer ({@code unix_stream_sendmsg} waits only while the unread output takes the whole send
 * buffer). Only the thread holding the client's writing role writes, and the peer reading only
 * makes room, so the answer holds until that thread writes.
 *
 * <p>The socket stays in blocking mode because its reader waits in {@code read(2)}: on this
 * project's machines that is 10-20 µs faster per round trip than waiting in
 * {@code poll(2)}/{@code epoll_wait(2)} (a reader waiting in {@code read(2)} is also woken when the
 * client takes the reply, which brings its idle CPU back before the next request comes; see
 * docs/performance.md). The JDK has no public way to poll a blocking channel, so this uses
 * {@code sun.nio.ch.Net.poll}, which needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}
 * (the {@code runstate-vm} launcher and the build's tests pass it). Without it, and for TCP
 * sockets (where the protocol's memory limits can make even a small write wait), no write is ever
 * certain to complete at once: callers leave the writing to the client's writer thread.
 */
final class SocketRoom {
    private static final Logger LOG = LoggerFactory.getLogger(SocketRoom.class);
    private static final MethodHandle GET_FD;
    private static final MethodHandle POLL;
    private static final int POLLOUT;

    static {
        MethodHandle getFd = null;
        MethodHandle poll = null;
        int pollout = 0;
        try {
            Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFD");
            m.setAccessible(true);
            Class<?> net = Class.forName("sun.nio.ch.Net");
            Method p = net.getDeclaredMethod("poll", FileDescriptor.class, int.class, long.class);
            p.setAccessible(true);
            Field f = net.getDeclaredField("POLLOUT");
            f.setAccessible(true);
            pollout = f.getShort(null);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            getFd = lookup.unreflect(m).asType(MethodType.methodType(FileDescriptor.class, SocketChannel.class));
            poll = lookup.unreflect(p);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot poll sockets (needs --add-opens java.base/sun.nio.ch=ALL-UNNAMED): events to other "
                    + "clients go through their writer threads", e);
            getFd = null;
            poll = null;
        }
        GET_FD = getFd;
        POLL = poll;
        POLLOUT = pollout;
    }

    private final FileDescriptor fd;
    private final int limit;

    private SocketRoom(final FileDescriptor fd, final int limit) {
        this.fd = fd;
        this.limit = limit;
    }

    /**
     * The room check for a connected socket.
     *
     * @param channel the connection, in blocking mode
     * @return a check that answers only for what it is sure of
     */
    static SocketRoom of(final SocketChannel channel) {
        if (POLL == null) {
            return new SocketRoom(null, 0);
        }
        try {
            if (!(channel.getLocalAddress() instanceof UnixDomainSocketAddress)) {
                return new SocketRoom(null, 0);
            }
            int sndbuf = channel.getOption(StandardSocketOptions.SO_SNDBUF);
            return new SocketRoom((FileDescriptor) GET_FD.invokeExact(channel), Math.max(0, sndbuf / 4));
        } catch (Throwable e) {
            LOG.debug("cannot poll this socket", e);
            return new SocketRoom(null, 0);
        }
    }

    /**
     * Whether writing {@code bytes} now is certain not to wait.
     *
     * @param bytes the size of the write
     * @return false when unsure
     */
    boolean takesNow(final int bytes) {
        if (fd == null || bytes > limit) {
            return false;
        }
        try {
            return ((int) POLL.invokeExact(fd, POLLOUT, 0L) & POLLOUT) != 0;
        } catch (Throwable e) {
            return false; // closed meanwhile: the writer thread finds out
        }
    }
}
