package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.runstate.qmp.QmpTestClient.PAUSED;
import static org.runstate.qmp.QmpTestClient.RUNNING;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * QEMU's flow control: without OOB one in-band request in flight, with OOB up to eight, and
 * {@code exec-oob} answered by the reader at once. The machine's control thread is held by a
 * blocking task so in-band commands queue up behind it.
 */
final class QmpFlowControlTest {
    /** How long a reply must stay away to count as "not sent". */
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String OOB_REFUSED = "{\"id\": \"oob\", \"error\": {\"class\": \"GenericError\", "
            + "\"desc\": \"The command query-status does not support OOB\"}}";

    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.startedBeforeEach();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        qmp.close();
    }

    @Test
    void withoutOobOnlyOneInBandCommandIsInFlight() throws IOException {
        QmpTestClient c = qmp.connectNegotiated();
        qmp.holdControlThreadUntil(release);
        // the exec-oob would be refused at once by the reader, if the reader read it
        c.send("{\"execute\": \"query-status\", \"id\": 1}{\"exec-oob\": \"query-status\", \"id\": \"oob\"}\n");
        assertThat(c.readLineWithin(QUIET)).isNull();
        release.countDown();
        assertThat(c.readLine()).isEqualTo("{\"return\": " + RUNNING + ", \"id\": 1}");
        assertThat(c.readLine()).isEqualTo("{\"id\": \"oob\", \"error\": {\"class\": \"GenericError\", "
                + "\"desc\": \"QMP input member 'exec-oob' is unexpected\"}}");
    }

    @Test
    void execOobOfAnInBandOnlyCommandIsRefusedAsNotSupportingOob() throws IOException {
        QmpTestClient c = qmp.connect().negotiateOob();
        assertThat(c.execute("{\"exec-oob\": \"query-status\", \"id\": \"oob\"}")).isEqualTo(OOB_REFUSED);
        assertThat(c.execute("{\"exec-oob\": \"query-status\"}")).isEqualTo("{\"error\": {\"class\": \"GenericError\", "
                + "\"desc\": \"The command query-status does not support OOB\"}}");
        assertThat(c.execute("{\"exec-oob\": \"nosuch\", \"id\": \"n\"}")).isEqualTo("{\"id\": \"n\", \"error\": "
                + "{\"class\": \"CommandNotFound\", \"desc\": \"The command nosuch has not been found\"}}");
        assertThat(c.execute("{\"execute\": \"query-status\"}")).isEqualTo("{\"return\": " + RUNNING + "}");
    }

    @Test
    void execOobErrorOvertakesQueuedInBandRepliesWhichKeepTheirOrder() throws IOException {
        QmpTestClient c = qmp.connect().negotiateOob();
        qmp.holdControlThreadUntil(release);
        c.send("{\"execute\": \"query-status\", \"id\": 1}{\"execute\": \"stop\", \"id\": 2}"
                + "{\"execute\": \"query-status\", \"id\": 3}{\"exec-oob\": \"query-status\", \"id\": \"oob\"}\n");
        assertThat(c.readLine()).isEqualTo(OOB_REFUSED); // while the control thread is still held
        assertThat(c.readLineWithin(QUIET)).isNull();
        release.countDown();
        assertThat(c.readLine()).isEqualTo("{\"return\": " + RUNNING + ", \"id\": 1}");
        assertThat(QmpTestClient.eventName(c.readLine())).isEqualTo("STOP");
        assertThat(c.readLine()).isEqualTo("{\"return\": {}, \"id\": 2}");
        assertThat(c.readLine()).isEqualTo("{\"return\": " + PAUSED + ", \"id\": 3}");
    }

    @Test
    void withOobEightInBandCommandsMayBeInFlightButNotNine() throws IOException {
        QmpTestClient c = qmp.connect().negotiateOob();
        qmp.holdControlThreadUntil(release);
        c.send(inBand(1, 8) + "{\"exec-oob\": \"query-status\", \"id\": \"oob\"}\n");
        assertThat(c.readLine()).isEqualTo(OOB_REFUSED); // eight in flight: still reading
        c.send(inBand(9, 9) + "{\"exec-oob\": \"query-status\", \"id\": \"late\"}\n");
        assertThat(c.readLineWithin(QUIET)).isNull(); // the ninth waits, and nothing behind it is read
        release.countDown();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(c.readLine());
        }
        List<String> inBandReplies = lines.stream().filter(l -> !l.contains("\"late\"")).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            expected.add("{\"return\": " + RUNNING + ", \"id\": " + i + "}");
        }
        assertThat(inBandReplies).containsExactlyElementsOf(expected);
        assertThat(lines.indexOf(OOB_REFUSED.replace("\"oob\"", "\"late\""))).isPositive();
    }

    private static String inBand(final int from, final int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i <= to; i++) {
            s.append("{\"execute\": \"query-status\", \"id\": ").append(i).append('}');
        }
        return s.toString();
    }
}
