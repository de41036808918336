package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.runstate.qmp.hmp.MonitorCommands;

/**
 * How {@code human-monitor-command} reads a command line: names, aliases, quoting, white space
 * and the texts for lines that do not parse. Each case is one behaviour; every expected output
 * is what QEMU 7.2 (qemu-system-x86_64 7.2.22, Debian) returned for the same line. None of the
 * lines changes the machine, so one server serves them all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class HmpCommandLineSyntaxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRY_WATCHDOG = "Try \"help watchdog_action\" for more information\r\n";

    /** One server for the whole class (closed after all), so not registered as an extension. */
    private final QmpTestServer qmp = QmpTestServer.onDemand();
    private QmpTestClient client;

    @BeforeAll
    void start() throws IOException {
        qmp.start(QmpServerOptions.defaults(), b -> b, s -> MonitorCommands.register(s, "vm1"));
        client = qmp.connectNegotiated();
    }

    @AfterAll
    void stop() {
        qmp.close();
    }

    Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("command names are case-sensitive", "STOP", "unknown command: 'STOP'\r\n"),
                Arguments.of("an alias list is not a name", "cont|c", "unknown command: 'cont|c'\r\n"),
                Arguments.of("a name ends at a slash", "info/status", "unknown command: 'info'\r\n"),
                Arguments.of("a line starting with a slash has an empty name", "/stop", "unknown command: ''\r\n"),
                Arguments.of("the unknown subcommand is quoted from the line start", "info /", "unknown command: 'info '\r\n"),
                Arguments.of("a bar is part of a name", "info |", "unknown command: 'info |'\r\n"),
                Arguments.of("tabs separate words", "info\tname", "vm1\r\n"),
                Arguments.of("several blanks separate words", "info  name", "vm1\r\n"),
                Arguments.of("a trailing newline is white space", "info name\n", "vm1\r\n"),
                Arguments.of("text after a slash is extraneous",
                        "stop/x", "stop|s: extraneous characters at the end of line\r\nTry \"help stop\" for more information\r\n"),
                Arguments.of("the help hint keeps leading blanks and drops trailing ones", "  stop   x  ",
                        "stop|s: extraneous characters at the end of line\r\nTry \"help   stop\" for more information\r\n"),
                Arguments.of("the help hint names the command as typed", "q x",
                        "quit|q: extraneous characters at the end of line\r\nTry \"help q\" for more information\r\n"),
                Arguments.of("a subcommand's error names the subcommand", "info name x",
                        "name: extraneous characters at the end of line\r\nTry \"help info name\" for more information\r\n"),
                Arguments.of("blanks are no argument", "watchdog_action    ",
                        "watchdog_action: string expected\r\n" + TRY_WATCHDOG),
                Arguments.of("an unterminated quote is no argument", "watchdog_action \"abc",
                        "watchdog_action: string expected\r\n" + TRY_WATCHDOG),
                Arguments.of("an unsupported escape is no argument", "watchdog_action \"\\x\"",
                        "watchdog_action: string expected\r\n" + TRY_WATCHDOG),
                Arguments.of("a backslash at the end is no argument", "watchdog_action \"ab\\",
                        "watchdog_action: string expected\r\n" + TRY_WATCHDOG),
                Arguments.of("a second argument is extraneous", "watchdog_action a b",
                        "watchdog_action: extraneous characters at the end of line\r\n" + TRY_WATCHDOG),
                Arguments.of("a quoted string ends at its closing quote", "watchdog_action \"re\"set",
                        "watchdog_action: extraneous characters at the end of line\r\n" + TRY_WATCHDOG),
                Arguments.of("quoted escapes are decoded", "watchdog_action \"a\\\\qb\"",
                        "Error: invalid parameter value: a\\qb\r\n"),
                Arguments.of("a newline in the output becomes CRLF", "watchdog_action \"a\\nb\"",
                        "Error: invalid parameter value: a\r\nb\r\n"),
                Arguments.of("an empty quoted string is an argument", "watchdog_action \"\"",
                        "Error: invalid parameter value: \r\n"),
                Arguments.of("help takes every alias", "?  stop", "stop|s  -- stop emulation\r\n"),
                Arguments.of("help ignores words after a command", "help stop x", "stop|s  -- stop emulation\r\n"),
                Arguments.of("help names an unknown command", "help foo bar", "unknown command: 'foo'\r\n"),
                Arguments.of("help names an unknown subcommand", "help info foo", "unknown command: 'info foo'\r\n"),
                Arguments.of("help prints nothing for an unterminated quote", "help \"unterm", ""),
                Arguments.of("help takes sixteen words", "help a b c d e f g h i j k l m n o p", "unknown command: 'a'\r\n"),
                Arguments.of("help prints nothing for seventeen words", "help a b c d e f g h i j k l m n o p q", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void commandLine(final String behaviour, final String line, final String output) {
        ObjectNode r = JSON.createObjectNode().put("execute", "human-monitor-command");
        r.putObject("arguments").put("command-line", line);
        JsonNode reply = QmpTestClient.parse(client.execute(r.toString()));
        assertThat(reply.path("return").textValue()).as("%s: %s", behaviour, reply).isEqualTo(output);
    }
}
