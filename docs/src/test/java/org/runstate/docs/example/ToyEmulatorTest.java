package org.runstate.docs.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import org.runstate.testkit.LineClient;

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
        try (LineClient qmp = LineClient.connect(socket)) {
            assertThat(qmp.readLine()).contains("\"capabilities\"");
            assertThat(qmp.execute("{\"execute\": \"qmp_capabilities\"}")).isEqualTo("{\"return\": {}}");
            // the emulator's own command, registered with its schema entries
            assertThat(qmp.execute("{\"execute\": \"x-query-toy-watchdog\"}")).isEqualTo("{\"return\": {\"armed\": false}}");
            assertThat(qmp.execute("{\"execute\": \"query-commands\"}")).contains("{\"name\": \"x-query-toy-watchdog\"}");
            assertThat(qmp.execute("{\"execute\": \"query-qmp-schema\"}")).contains("\"name\": \"x-query-toy-watchdog\"");
            assertThat(qmp.execute("{\"execute\": \"query-status\"}")).contains("\"status\": \"prelaunch\"");
            qmp.sendLine("{\"execute\": \"quit\"}");
            qmp.readUntil(line -> line.contains("\"reason\": \"host-qmp-quit\""));
        }
        assertThat(status.get(20, TimeUnit.SECONDS)).isZero();
    }
}
