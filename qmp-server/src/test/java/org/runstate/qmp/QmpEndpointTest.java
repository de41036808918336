package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** QEMU's socket chardev syntax for {@code -qmp}. */
final class QmpEndpointTest {
    @Test
    void unixSpecWithServerAndWaitOptionsGivesThePath() {
        assertThat(QmpEndpoint.parse("unix:/tmp/qmp.sock,server=on,wait=off"))
                .isEqualTo(QmpEndpoint.unix(Path.of("/tmp/qmp.sock")));
        assertThat(QmpEndpoint.parse("unix:relative.sock,server,nowait").unixPath()).isEqualTo(Path.of("relative.sock"));
        assertThat(QmpEndpoint.parse("unix:/tmp/q.sock,wait=on").unixPath()).isEqualTo(Path.of("/tmp/q.sock"));
    }

    @Test
    void tcpSpecGivesHostAndPort() {
        assertThat(QmpEndpoint.parse("tcp:127.0.0.1:4444,server=on,wait=off")).isEqualTo(QmpEndpoint.tcp("127.0.0.1", 4444));
        assertThat(QmpEndpoint.parse("tcp:localhost:0")).isEqualTo(QmpEndpoint.tcp("localhost", 0));
    }

    @Test
    void tcpSpecWithEmptyHostMeansLoopback() {
        QmpEndpoint e = QmpEndpoint.parse("tcp::4444,server=on");
        assertThat(e.host()).isEmpty();
        assertThat(e.port()).isEqualTo(4444);
        assertThat(e.unixPath()).isNull();
    }

    @Test
    void tcpSpecWithBracketedIpv6HostDropsTheBrackets() {
        assertThat(QmpEndpoint.parse("tcp:[::1]:4444")).isEqualTo(QmpEndpoint.tcp("::1", 4444));
    }

    @Test
    void tcpSpecWithoutPortIsRefused() {
        assertThatThrownBy(() -> QmpEndpoint.parse("tcp:localhost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address 'localhost' has no port");
    }

    @Test
    void tcpSpecWithNonNumericPortIsRefused() {
        assertThatThrownBy(() -> QmpEndpoint.parse("tcp:localhost:qmp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("can't convert 'qmp' to a port number");
    }

    @Test
    void clientSocketsAreRefused() {
        assertThatThrownBy(() -> QmpEndpoint.parse("unix:/tmp/q.sock,server=off"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'unix:/tmp/q.sock,server=off': only server sockets are supported");
    }

    @Test
    void unknownOptionIsRefusedByName() {
        assertThatThrownBy(() -> QmpEndpoint.parse("unix:/tmp/q.sock,server=on,reconnect=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid parameter 'reconnect'");
    }

    @Test
    void otherAddressKindsAreRefused() {
        assertThatThrownBy(() -> QmpEndpoint.parse("stdio")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'stdio' is not a supported socket address (use unix: or tcp:)");
    }

    @Test
    void toStringIsTheSpecWithoutOptions() {
        assertThat(QmpEndpoint.parse("unix:/tmp/q.sock,server=on").toString()).isEqualTo("unix:/tmp/q.sock");
        assertThat(QmpEndpoint.parse("tcp:127.0.0.1:4444,server=on").toString()).isEqualTo("tcp:127.0.0.1:4444");
    }
}
