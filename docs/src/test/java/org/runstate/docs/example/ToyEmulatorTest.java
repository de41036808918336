package org.runstate.docs.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ToyEmulatorTest {
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\{\"timestamp\": \\{\"seconds\": \\d+, \"microseconds\": \\d+}, ");

    @Test
    void sessionHangsThenPanicsThenQuits() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = ToyEmulator.session(new PrintStream(buf, true, StandardCharsets.UTF_8));
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines()
                .map(l -> TIMESTAMP.matcher(l).replaceFirst("{")).toList();
        assertThat(status).isZero();
        assertThat(lines).containsExactly(
                "{\"event\": \"RESUME\"}",
                "{\"event\": \"WATCHDOG\", \"data\": {\"action\": \"reset\"}}",
                "{\"event\": \"RESET\", \"data\": {\"guest\": true, \"reason\": \"guest-reset\"}}",
                "{\"event\": \"GUEST_PANICKED\", \"data\": {\"action\": \"pause\"}}",
                "{\"event\": \"STOP\"}",
                "query-status: guest-panicked",
                "paused: no watchdog expiry",
                "{\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-quit\"}}");
    }

    @Test
    void servesQmpOnAUnixSocket(@TempDir final Path dir) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return ToyEmulator.serveQmp(socket);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket));
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            StringBuilder in = new StringBuilder();
            readUntil(ch, in, "\"capabilities\"");
            send(ch, "{\"execute\": \"qmp_capabilities\"}");
            readUntil(ch, in, "{\"return\": {}}");
            send(ch, "{\"execute\": \"query-status\"}");
            readUntil(ch, in, "\"status\": \"prelaunch\"");
            send(ch, "{\"execute\": \"quit\"}");
            readUntil(ch, in, "\"reason\": \"host-qmp-quit\"");
        }
        assertThat(status.get(20, TimeUnit.SECONDS)).isZero();
    }

    private static void send(final SocketChannel ch, final String line) throws Exception {
        ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static void readUntil(final SocketChannel ch, final StringBuilder in, final String text) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (!in.toString().contains(text)) {
            b.clear();
            if (ch.read(b) < 0) {
                throw new AssertionError("EOF before " + text + " in " + in);
            }
            in.append(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        }
    }
}
