package org.runstate.qmp;

import java.nio.file.Path;

/**
 * Where a server socket listens, in QEMU's socket chardev syntax:
 * {@code unix:PATH[,server=on][,wait=off]} or {@code tcp:[HOST]:PORT[,server=on][,wait=off]}.
 *
 * @param unixPath the socket path, or {@code null} for TCP
 * @param host the TCP host; loopback when empty
 * @param port the TCP port
 */
public record QmpEndpoint(Path unixPath, String host, int port) {
    /**
     * A unix socket endpoint.
     *
     * @param path the socket path
     * @return the endpoint
     */
    public static QmpEndpoint unix(final Path path) {
        return new QmpEndpoint(path, null, 0);
    }

    /**
     * A TCP endpoint.
     *
     * @param host the address to bind; empty means loopback
     * @param port the port (0 picks a free one)
     * @return the endpoint
     */
    public static QmpEndpoint tcp(final String host, final int port) {
        return new QmpEndpoint(null, host, port);
    }

    /**
     * Parses QEMU's syntax. Only server sockets are supported; {@code wait=on} is accepted and
     * ignored because this server never blocks start-up on a client.
     *
     * @param spec for example {@code unix:/tmp/qmp.sock,server=on,wait=off}
     * @return the endpoint
     * @throws IllegalArgumentException with a QEMU-style message
     */
    public static QmpEndpoint parse(final String spec) {
        String[] parts = spec.split(",");
        for (int i = 1; i < parts.length; i++) {
            String opt = parts[i];
            if (!(opt.equals("server") || opt.startsWith("server=") || opt.equals("nowait") || opt.startsWith("wait="))) {
                throw new IllegalArgumentException("Invalid parameter '" + opt.split("=")[0] + "'");
            }
            if (opt.equals("server=off")) {
                throw new IllegalArgumentException("'" + spec + "': only server sockets are supported");
            }
        }
        String addr = parts[0];
        if (addr.startsWith("unix:")) {
            return unix(Path.of(addr.substring(5)));
        }
        if (addr.startsWith("tcp:")) {
            String hp = addr.substring(4);
            int colon = hp.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("address '" + hp + "' has no port");
            }
            String host = hp.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                return tcp(host, Integer.parseInt(hp.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("can't convert '" + hp.substring(colon + 1) + "' to a port number");
            }
        }
        throw new IllegalArgumentException("'" + spec + "' is not a supported socket address (use unix: or tcp:)");
    }

    @Override
    public String toString() {
        return unixPath != null ? "unix:" + unixPath : "tcp:" + host + ":" + port;
    }
}
