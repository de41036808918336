package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.runstate.qmp.QmpTestClient.GREETING;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runstate.core.Machine;

/** Where and how the server listens: unix socket file handling and the TCP default address. */
final class SocketListenerTest {
    @TempDir
    Path dir;
    private Machine machine;
    private QmpServer server;
    private SocketListener listener;
    private QmpTestClient client;

    @BeforeEach
    void start() {
        machine = Machine.builder().build().start();
        server = new QmpServer(machine, QmpServerOptions.defaults());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
        if (listener != null) {
            listener.close();
        }
        machine.close();
    }

    @Test
    void unixSocketFileHasMode0600() throws IOException {
        Path sock = dir.resolve("qmp.sock");
        listener = server.listen(QmpEndpoint.unix(sock));
        assertThat(Files.readAttributes(sock, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
        client = QmpTestClient.connect(UnixDomainSocketAddress.of(sock));
        assertThat(client.readLine()).isEqualTo(GREETING);
    }

    @Test
    void existingRegularFileAtTheSocketPathIsRefusedAndLeftUntouched() throws IOException {
        Path file = dir.resolve("qmp.sock");
        Files.writeString(file, "precious");
        assertThatThrownBy(() -> server.listen(QmpEndpoint.unix(file))).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a socket");
        assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(file)).isEqualTo("precious");
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.toList()).containsExactly(file); // no temporary socket left behind
        }
    }

    /**
     * Regression: a FIFO is an "other" file like a socket, and was deleted to make room for the
     * socket. Only a socket may be replaced.
     */
    @Test
    void fifoAtTheSocketPathIsRefusedAndLeftUntouched() throws Exception {
        Path fifo = dir.resolve("qmp.sock");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
        assertThat(SocketListener.isSocket(fifo)).isFalse();
        assertThatThrownBy(() -> server.listen(QmpEndpoint.unix(fifo))).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a socket");
        assertThat((Integer) Files.getAttribute(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
                .as("still a FIFO").isEqualTo(0010000);
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.toList()).containsExactly(fifo);
        }
    }

    @Test
    void symbolicLinkAtTheSocketPathIsRefusedEvenWhenItPointsToASocket() throws IOException {
        Path target = dir.resolve("real.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(target));
        }
        Path link = Files.createSymbolicLink(dir.resolve("qmp.sock"), target);
        assertThatThrownBy(() -> server.listen(QmpEndpoint.unix(link))).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a socket");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(SocketListener.isSocket(target)).isTrue();
    }

    @Test
    void directoryAtTheSocketPathIsRefusedAndLeftUntouched() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("qmp.sock"));
        Files.writeString(sub.resolve("inside"), "kept");
        assertThatThrownBy(() -> server.listen(QmpEndpoint.unix(sub))).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a socket");
        assertThat(Files.readString(sub.resolve("inside"))).isEqualTo("kept");
    }

    @Test
    void staleSocketFileIsReplaced() throws IOException {
        Path sock = dir.resolve("qmp.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(sock));
        }
        // closing a unix server socket leaves its file behind, and nobody listens on it
        assertThat(Files.readAttributes(sock, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
        assertThatThrownBy(() -> SocketChannel.open(UnixDomainSocketAddress.of(sock)).close()).isInstanceOf(IOException.class);

        listener = server.listen(QmpEndpoint.unix(sock));
        client = QmpTestClient.connect(UnixDomainSocketAddress.of(sock));
        assertThat(client.readLine()).isEqualTo(GREETING);
    }

    @Test
    void tcpWithEmptyHostBindsLoopbackOnly() throws IOException {
        listener = server.listen(QmpEndpoint.tcp("", 0));
        QmpEndpoint bound = listener.endpoint();
        assertThat(bound.port()).isPositive();
        assertThat(InetAddress.getByName(bound.host()).isLoopbackAddress()).as("bound host %s", bound.host()).isTrue();
        client = QmpTestClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.port()));
        assertThat(client.readLine()).isEqualTo(GREETING);
        // not reachable through a non-loopback address of this host, where there is one
        Optional<InetAddress> external = nonLoopbackIpv4();
        if (external.isPresent()) {
            InetSocketAddress outside = new InetSocketAddress(external.get(), bound.port());
            assertThatThrownBy(() -> SocketChannel.open(outside).close()).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void qemuStyleTcpSpecWithoutHostBindsLoopbackOnly() throws IOException {
        QmpEndpoint spec = QmpEndpoint.parse("tcp::0,server=on,wait=off");
        assertThat(spec.host()).isEmpty();
        listener = server.listen(spec);
        assertThat(InetAddress.getByName(listener.endpoint().host()).isLoopbackAddress()).isTrue();
    }

    @Test
    void tcpWithAnExplicitHostBindsThatHost() throws IOException {
        listener = server.listen(QmpEndpoint.parse("tcp:127.0.0.2:0"));
        assertThat(listener.endpoint().host()).isEqualTo("127.0.0.2");
        client = QmpTestClient.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), listener.endpoint().port()));
        assertThat(client.readLine()).isEqualTo(GREETING);
        assertThatThrownBy(() -> SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                listener.endpoint().port())).close()).isInstanceOf(ConnectException.class);
    }

    private static Optional<InetAddress> nonLoopbackIpv4() throws IOException {
        List<NetworkInterface> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
        for (NetworkInterface ni : interfaces) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
