package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownAction;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.core.vcpu.Vcpu;
import org.runstate.qmp.hmp.MonitorCommands;

/**
 * {@code query-name} and {@code human-monitor-command} as {@link MonitorCommands} registers them,
 * over a real socket. Every expected text was checked against QEMU 7.2 (qemu-system-x86_64
 * 7.2.22, Debian) with the same command line.
 */
final class HumanMonitorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.onDemand();
    private QmpTestClient client;

    @Test
    void queryNameReturnsTheGuestName() throws IOException {
        serve("guest-a", b -> b);
        assertThat(client.execute("{\"execute\": \"query-name\", \"id\": 1}")).isEqualTo("{\"return\": {\"name\": \"guest-a\"}, \"id\": 1}");
    }

    @Test
    void queryNameWithoutANameReturnsAnEmptyObject() throws IOException {
        serve(null, b -> b);
        assertThat(client.execute("{\"execute\": \"query-name\"}")).isEqualTo("{\"return\": {}}");
    }

    @Test
    void nonAsciiGuestNameIsEscapedAsQemuDoes() throws IOException {
        serve("\u00e9t\u00e9", b -> b);
        assertThat(client.execute("{\"execute\": \"query-name\"}")).isEqualTo("{\"return\": {\"name\": \"\\u00E9t\\u00E9\"}}");
        assertThat(client.execute(request("info name", null))).isEqualTo("{\"return\": \"\\u00E9t\\u00E9\\r\\n\"}");
    }

    /** A machine option by name, for the tables below. */
    private static UnaryOperator<Machine.Builder> machine(final String option) {
        return switch (option) {
            case "default" -> b -> b;
            case "no autostart" -> b -> b.autostart(false);
            case "wake-up supported" -> b -> b.wakeupSupported(true);
            default -> throw new IllegalArgumentException(option);
        };
    }

    /** A command line and the line it prints (CRLF-terminated, as HMP output is). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        watchdog_action lowers only ASCII letters              | default           | watchdog_action \u00c9X | Error: invalid parameter value: \u00c9x
        info status in prelaunch names the state               | no autostart      | info status             | VM status: paused (prelaunch)
        system_wakeup without suspend support prints the error | default           | system_wakeup           | Error: wake-up from suspend is not supported by this guest
        system_wakeup when not suspended prints the error      | wake-up supported | system_wakeup           | Error: Unable to wake up: guest is not in suspended state
        nmi without an NMI handler prints the error            | default           | nmi                     | Error: this feature or command is not currently supported
        an unknown command is named as typed                   | default           | foo bar                 | unknown command: 'foo'
        an unknown info subcommand is named with info          | default           | info foo                | unknown command: 'info foo'
        """)
    void aCommandLinePrints(final String behaviour, final String machineOption, final String commandLine,
            final String printed) throws IOException {
        serve(null, machine(machineOption));
        assertThat(hmp(commandLine)).isEqualTo(printed + "\r\n");
    }

    @Test
    void queryCommandsListsBothCommands() throws IOException {
        serve(null, b -> b);
        JsonNode list = QmpTestClient.parse(client.execute("{\"execute\": \"query-commands\"}")).get("return");
        assertThat(list.findValuesAsText("name").subList(0, 2)).containsExactly("human-monitor-command", "query-name");
    }

    @Test
    void infoNamePrintsTheGuestName() throws IOException {
        serve("guest-a", b -> b);
        assertThat(hmp("info name")).isEqualTo("guest-a\r\n");
    }

    /** {@code info name} without a guest name, and a blank line: nothing printed, not even a newline. */
    @ParameterizedTest(name = "command line \"{0}\" prints nothing")
    @ValueSource(strings = {"info name", " \t "})
    void aCommandLinePrintsNothing(final String commandLine) throws IOException {
        serve(null, b -> b);
        assertThat(hmp(commandLine)).isEmpty();
    }

    @Test
    void infoStatusWhileRunning() throws IOException {
        serve(null, b -> b);
        assertThat(client.execute(request("info status", null))).isEqualTo("{\"return\": \"VM status: running\\r\\n\"}");
    }

    @Test
    void stopPausesWithTheStopEventBeforeTheReply() throws IOException {
        serve(null, b -> b);
        assertEventThenReply("stop", 5, "STOP", "{\"return\": \"\", \"id\": 5}");
        assertThat(hmp("info status")).isEqualTo("VM status: paused\r\n");
    }

    @Test
    void stopWhilePausedIsSilent() throws IOException {
        serve(null, b -> b);
        assertEventThenReply("s", null, "STOP", "{\"return\": \"\"}");
        client.send(request("stop", null) + "\n");
        assertThat(client.readLine()).as("no second STOP").isEqualTo("{\"return\": \"\"}");
    }

    @Test
    void contAndItsAliasCResumeWithTheResumeEventBeforeTheReply() throws IOException {
        serve(null, b -> b.autostart(false));
        assertEventThenReply("c", "go", "RESUME", "{\"return\": \"\", \"id\": \"go\"}");
        assertThat(hmp("stop")).isEmpty(); // skips its STOP event
        assertEventThenReply("cont", null, "RESUME", "{\"return\": \"\"}");
        assertThat(hmp("info status")).isEqualTo("VM status: running\r\n");
    }

    @Test
    void contAfterAGuestShutdownReportsThatAResetIsNeeded() throws IOException {
        serve(null, b -> b.actions(new SetActionCommand(null, ShutdownAction.PAUSE, null, null)));
        qmp.machine.submit(() -> {
            qmp.machine.requests().shutdown(ShutdownCause.GUEST_SHUTDOWN);
            return null;
        });
        assertThat(QmpTestClient.eventName(client.readLine())).isEqualTo("SHUTDOWN");
        assertThat(QmpTestClient.eventName(client.readLine())).isEqualTo("STOP");
        assertThat(hmp("info status")).isEqualTo("VM status: paused (shutdown)\r\n");
        assertThat(hmp("c")).isEqualTo("Error: Resetting the Virtual Machine is required\r\n");
    }

    @Test
    void systemResetSendsResetBeforeTheReply() throws IOException {
        serve(null, b -> b);
        client.send(request("system_reset", null) + "\n");
        JsonNode reset = QmpTestClient.parse(client.readLine());
        assertThat(reset.get("event").asText()).isEqualTo("RESET");
        assertThat(reset.get("data")).isEqualTo(QmpTestClient.parse("{\"guest\": false, \"reason\": \"host-qmp-system-reset\"}"));
        assertThat(client.readLine()).isEqualTo("{\"return\": \"\"}");
    }

    @Test
    void systemPowerdownSendsPowerdownBeforeTheReply() throws IOException {
        serve(null, b -> b);
        assertEventThenReply("system_powerdown", null, "POWERDOWN", "{\"return\": \"\"}");
    }

    @Test
    void quitSendsShutdownThenTheEmptyReplyThenCloses() throws IOException {
        serve(null, b -> b);
        qmp.machine.termination().thenRun(qmp.server::close);
        client.send(request("q", "bye") + "\n");
        List<String> lines = client.readUntilEof();
        assertThat(lines).hasSize(2);
        assertThat(QmpTestClient.parse(lines.get(0)).get("data"))
                .isEqualTo(QmpTestClient.parse("{\"guest\": false, \"reason\": \"host-qmp-quit\"}"));
        assertThat(lines.get(1)).isEqualTo("{\"return\": \"\", \"id\": \"bye\"}");
    }

    @Test
    void watchdogActionSetsTheActionCaseInsensitively() throws IOException {
        serve(null, b -> b);
        assertThat(hmp("watchdog_action PAUSE")).isEmpty();
        assertThat(qmp.machine.actions().watchdog()).isEqualTo(WatchdogAction.PAUSE);
        assertThat(hmp("watchdog_action inject-nmi")).isEmpty();
        assertThat(qmp.machine.actions().watchdog()).isEqualTo(WatchdogAction.INJECT_NMI);
    }

    @Test
    void watchdogActionRejectsAnUnknownActionInLowerCase() throws IOException {
        serve(null, b -> b);
        assertThat(hmp("watchdog_action FOO")).isEqualTo("Error: invalid parameter value: foo\r\n");
        assertThat(qmp.machine.actions().watchdog()).isEqualTo(WatchdogAction.RESET);
    }

    @Test
    void watchdogActionWithoutAnArgumentExplainsAndPointsToHelp() throws IOException {
        serve(null, b -> b);
        assertThat(hmp("watchdog_action")).isEqualTo(
                "watchdog_action: string expected\r\nTry \"help watchdog_action\" for more information\r\n");
    }

    @Test
    void nmiReachesEveryVcpu() throws IOException {
        serve(null, b -> b.vcpus(2).nmi(NmiHandler.ALL_VCPUS));
        assertThat(hmp("nmi")).isEmpty();
        assertThat(qmp.machine.vcpus().vcpus()).extracting(Vcpu::nmiCount).containsExactly(1L, 1L);
    }

    @Test
    void extraneousArgumentNamesTheCommandWithItsAliases() throws IOException {
        serve(null, b -> b);
        assertThat(hmp("stop now")).isEqualTo(
                "stop|s: extraneous characters at the end of line\r\nTry \"help stop\" for more information\r\n");
        assertThat(hmp("info status x")).isEqualTo(
                "status: extraneous characters at the end of line\r\nTry \"help info status\" for more information\r\n");
    }

    @Test
    void helpDescribesACommandByAnyOfItsNames() throws IOException {
        serve(null, b -> b);
        assertThat(hmp("help c")).isEqualTo("cont|c  -- resume emulation\r\n");
        assertThat(hmp("help watchdog_action"))
                .isEqualTo("watchdog_action [reset|shutdown|poweroff|pause|debug|none] -- change watchdog action\r\n");
        assertThat(hmp("help info status")).isEqualTo("info status  -- show the current VM status (running|paused)\r\n");
    }

    @Test
    void bareInfoListsTheInfoSubcommandsThisServerHas() throws IOException {
        serve(null, b -> b);
        assertThat(hmp("info")).isEqualTo("info name  -- show the current VM name\r\n"
                + "info status  -- show the current VM status (running|paused)\r\n");
    }

    @Test
    void missingCommandLineIsAnErrorWithTheIdEchoed() throws IOException {
        serve(null, b -> b);
        assertThat(client.execute("{\"execute\": \"human-monitor-command\", \"id\": 2}"))
                .isEqualTo("{\"id\": 2, \"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'command-line' is missing\"}}");
    }

    @Test
    void commandLineOfTheWrongTypeIsAnError() throws IOException {
        serve(null, b -> b);
        assertThat(client.execute("{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": 5}}")).isEqualTo(
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Invalid parameter type for 'command-line', expected: string\"}}");
    }

    @Test
    void cpuIndexMustNameAVcpu() throws IOException {
        serve(null, b -> b.vcpus(2));
        String refused = "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'cpu-index' expects a CPU number\"}}";
        assertThat(client.execute(withCpu("info status", 1))).isEqualTo("{\"return\": \"VM status: running\\r\\n\"}");
        assertThat(client.execute(withCpu("info status", 2))).isEqualTo(refused);
        assertThat(client.execute(withCpu("info status", -1))).isEqualTo(refused);
    }

    @Test
    void cpuIndexIsTruncatedToThirtyTwoBitsAsQemuDoes() throws IOException {
        serve(null, b -> b);
        assertThat(client.execute(withCpu("info status", 1L << 32))).isEqualTo("{\"return\": \"VM status: running\\r\\n\"}");
    }

    @Test
    void refusedCpuIndexRunsNothing() throws IOException {
        serve(null, b -> b);
        assertThat(client.execute(withCpu("stop", 7))).contains("expects a CPU number");
        assertThat(hmp("info status")).isEqualTo("VM status: running\r\n");
    }

    /** Sends {@code commandLine} through human-monitor-command; {@code event} must arrive before the {@code reply} line. */
    private void assertEventThenReply(final String commandLine, final Object id, final String event, final String reply) {
        client.send(request(commandLine, id) + "\n");
        assertThat(QmpTestClient.eventName(client.readLine())).isEqualTo(event);
        assertThat(client.readLine()).isEqualTo(reply);
    }

    private void serve(final String guestName, final UnaryOperator<Machine.Builder> machine) throws IOException {
        qmp.start(QmpServerOptions.defaults(), machine, s -> MonitorCommands.register(s, guestName));
        client = qmp.connectNegotiated();
    }

    /** Runs a command line and returns what it printed; fails on an error response. */
    private String hmp(final String commandLine) {
        JsonNode reply = QmpTestClient.parse(client.execute(request(commandLine, null)));
        assertThat(reply.has("return")).as("reply %s", reply).isTrue();
        return reply.get("return").textValue();
    }

    private static String request(final String commandLine, final Object id) {
        ObjectNode r = JSON.createObjectNode().put("execute", "human-monitor-command");
        r.putObject("arguments").put("command-line", commandLine);
        if (id instanceof Integer i) {
            r.put("id", i);
        } else if (id != null) {
            r.put("id", id.toString());
        }
        return r.toString();
    }

    private static String withCpu(final String commandLine, final long cpuIndex) {
        ObjectNode r = JSON.createObjectNode().put("execute", "human-monitor-command");
        r.putObject("arguments").put("command-line", commandLine).put("cpu-index", cpuIndex);
        return r.toString();
    }
}
