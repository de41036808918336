package org.runstate.machine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A blocking line client over a unix socket: QMP lines end in CRLF, qtest lines in LF. */
public class UnixLineClient implements AutoCloseable {
    private final SocketChannel ch;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16).flip();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    protected UnixLineClient(final Path path) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(path));
    }

    private UnixLineClient(final SocketChannel connected) {
        ch = connected;
    }

    /**
     * A client over a connection made elsewhere (one a listening test socket accepted).
     *
     * @param connected the connection
     * @return the client
     */
    public static UnixLineClient over(final SocketChannel connected) {
        return new UnixLineClient(connected);
    }

    /**
     * Connects.
     *
     * @param path the socket
     * @return the client
     * @throws IOException if the connection fails
     */
    public static UnixLineClient connect(final Path path) throws IOException {
        return new UnixLineClient(path);
    }

    /**
     * Sends text as it is.
     *
     * @param text what to send
     * @throws IOException if the write fails
     */
    public void send(final String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * The next line without its terminator.
     *
     * @return the line; at end of stream what came after the last terminator, or {@code null}
     * @throws IOException if the read fails
     */
    public String readLine() throws IOException {
        line.reset();
        while (true) {
            if (!in.hasRemaining()) {
                in.clear();
                int n = ch.read(in);
                in.flip();
                if (n < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                continue;
            }
            byte b = in.get();
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
