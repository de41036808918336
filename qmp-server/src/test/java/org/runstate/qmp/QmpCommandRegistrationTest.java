package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.schema.QapiSchema.CommandDefinition;
import org.runstate.qmp.schema.QapiSchema.EnumDefinition;
import org.runstate.qmp.schema.QapiSchema.Member;
import org.runstate.qmp.schema.QapiSchema.StructDefinition;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.qmp.json.QmpJsonWriter;

/**
 * {@link QmpServer#register}: an embedder's command is listed, described and argument-checked like
 * a built-in one, and the table is fixed once a client connects.
 */
final class QmpCommandRegistrationTest {
    /** {@code { 'enum': 'EchoMode', 'data': ['plain', 'upper'] }}. */
    private static final EnumDefinition ECHO_MODE = new EnumDefinition("EchoMode", "7.2", List.of("plain", "upper"));
    /** {@code { 'struct': 'EchoReply', 'data': {'text': 'str', '*mode': 'EchoMode'} }}. */
    private static final StructDefinition ECHO_REPLY = new StructDefinition("EchoReply", "7.2",
            List.of(new Member("text", "str", false), new Member("mode", "EchoMode", true)));
    /** {@code { 'command': 'x-echo', 'data': {'text': 'str', '*mode': 'EchoMode'}, 'returns': 'EchoReply' }}. */
    private static final CommandDefinition ECHO = new CommandDefinition("x-echo", "7.2",
            List.of(new Member("text", "str", false), new Member("mode", "EchoMode", true)), "EchoReply", false,
            List.of("unstable"));
    private static final QapiSchema ECHO_SCHEMA = new QapiSchema(List.of(ECHO_MODE, ECHO_REPLY, ECHO));

    @RegisterExtension
    final QmpTestServer qmp = QmpTestServer.onDemand();
    private final List<Map<String, Object>> calls = new CopyOnWriteArrayList<>();

    @Test
    void registeredCommandIsListedFirstByQueryCommandsAsQemuListsTheNewestFirst() throws IOException {
        QmpTestClient client = serve(s -> s.register(ECHO_SCHEMA, "x-echo", this::echo));
        JsonNode list = QmpTestClient.parse(client.execute("{\"execute\": \"query-commands\"}")).get("return");
        assertThat(list.get(0).get("name").asText()).isEqualTo("x-echo");
        assertThat(list.findValuesAsText("name")).contains("query-status", "stop").doesNotHaveDuplicates();
    }

    @Test
    void registeredCommandAndTheTypesItUsesAreDescribedByQueryQmpSchema() throws IOException {
        QmpTestClient client = serve(s -> s.register(ECHO_SCHEMA, "x-echo", this::echo));
        Map<String, JsonNode> schema = schema(client);
        JsonNode echo = schema.get("x-echo");
        String args = echo.get("arg-type").asText();
        String reply = echo.get("ret-type").asText();
        String mode = schema.get(args).get("members").get(1).get("type").asText();
        assertThat(List.of(args, reply, mode)).allMatch(n -> n.matches("[0-9]+")).doesNotHaveDuplicates();
        assertThat(QmpJsonWriter.write(echo)).isEqualTo("{\"name\": \"x-echo\", \"ret-type\": \"" + reply
                + "\", \"meta-type\": \"command\", \"arg-type\": \"" + args + "\", \"features\": [\"unstable\"]}");
        assertThat(QmpJsonWriter.write(schema.get(args))).isEqualTo("{\"name\": \"" + args + "\", \"members\": "
                + "[{\"name\": \"text\", \"type\": \"str\"}, {\"name\": \"mode\", \"default\": null, \"type\": \"" + mode
                + "\"}], \"meta-type\": \"object\"}");
        assertThat(QmpJsonWriter.write(schema.get(reply))).isEqualTo("{\"name\": \"" + reply + "\", \"members\": "
                + "[{\"name\": \"text\", \"type\": \"str\"}, {\"name\": \"mode\", \"default\": null, \"type\": \"" + mode
                + "\"}], \"meta-type\": \"object\"}");
        assertThat(QmpJsonWriter.write(schema.get(mode))).isEqualTo("{\"name\": \"" + mode + "\", \"members\": "
                + "[{\"name\": \"plain\"}, {\"name\": \"upper\"}], \"meta-type\": \"enum\", \"values\": [\"plain\", \"upper\"]}");
    }

    @Test
    void registeredCommandRunsWithItsCheckedArgumentsAndReturnsItsValue() throws IOException {
        QmpTestClient client = serve(s -> s.register(ECHO_SCHEMA, "x-echo", this::echo));
        assertThat(client.execute("{\"execute\": \"x-echo\", \"arguments\": {\"text\": \"hi\", \"mode\": \"upper\"}, \"id\": 7}"))
                .isEqualTo("{\"return\": {\"text\": \"HI\", \"mode\": \"upper\"}, \"id\": 7}");
        assertThat(calls).containsExactly(Map.of("text", "hi", "mode", "upper"));
    }

    @Test
    void registeredCommandGetsTheSameArgumentErrorsAsBuiltInOnes() throws IOException {
        QmpTestClient client = serve(s -> s.register(ECHO_SCHEMA, "x-echo", this::echo));
        assertThat(client.execute("{\"execute\": \"x-echo\", \"id\": 2}"))
                .isEqualTo("{\"id\": 2, \"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'text' is missing\"}}");
        assertThat(client.execute("{\"execute\": \"x-echo\", \"arguments\": {\"text\": 1}}")).isEqualTo(
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Invalid parameter type for 'text', expected: string\"}}");
        assertThat(client.execute("{\"execute\": \"x-echo\", \"arguments\": {\"text\": \"a\", \"mode\": \"lower\"}}")).isEqualTo(
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'mode' does not accept value 'lower'\"}}");
        assertThat(client.execute("{\"execute\": \"x-echo\", \"arguments\": {\"text\": \"a\", \"x\": 1}}"))
                .isEqualTo("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'x' is unexpected\"}}");
        assertThat(calls).isEmpty();
    }

    @Test
    void handlerErrorsAreAnsweredAsQmpErrors() throws IOException {
        QmpTestClient client = serve(s -> s.register(ECHO_SCHEMA, "x-echo", args -> {
            throw QmpError.generic("no echo today");
        }));
        assertThat(client.execute("{\"execute\": \"x-echo\", \"arguments\": {\"text\": \"a\"}, \"id\": \"e\"}"))
                .isEqualTo("{\"id\": \"e\", \"error\": {\"class\": \"GenericError\", \"desc\": \"no echo today\"}}");
    }

    @Test
    void registeredCommandMayUseTypesTheServerAlreadyHasWithoutRepeatingThem() throws IOException {
        CommandDefinition pick = new CommandDefinition("x-pick", "7.2", List.of(new Member("action", "WatchdogAction", false)),
                "WatchdogAction", false);
        QmpTestClient client = serve(s -> s.register(new QapiSchema(List.of(pick)), "x-pick",
                args -> WatchdogAction.valueOf(((String) args.get("action")).toUpperCase().replace('-', '_'))));
        assertThat(client.execute("{\"execute\": \"x-pick\", \"arguments\": {\"action\": \"inject-nmi\"}}"))
                .isEqualTo("{\"return\": \"inject-nmi\"}");
        Map<String, JsonNode> schema = schema(client);
        String ret = schema.get("x-pick").get("ret-type").asText();
        assertThat(schema.get(ret).get("values")).hasSize(7);
        assertThat(schema.values().stream().filter(e -> e.get("meta-type").asText().equals("enum")
                && e.get("values").toString().contains("inject-nmi"))).as("WatchdogAction listed once").hasSize(1);
    }

    @Test
    void registeringWhileListeningButBeforeAnyClientConnectsIsAllowed() throws IOException {
        qmp.start();
        qmp.server.register(ECHO_SCHEMA, "x-echo", this::echo);
        QmpTestClient client = qmp.connectNegotiated();
        assertThat(client.execute("{\"execute\": \"x-echo\", \"arguments\": {\"text\": \"a\"}}"))
                .isEqualTo("{\"return\": {\"text\": \"a\"}}");
    }

    @Test
    void registeringAfterTheFirstClientConnectedIsRefused() throws IOException {
        QmpTestClient client = serve(s -> { });
        assertThatThrownBy(() -> qmp.server.register(ECHO_SCHEMA, "x-echo", this::echo))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("x-echo");
        assertThat(client.execute("{\"execute\": \"x-echo\"}")).isEqualTo(
                "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command x-echo has not been found\"}}");
    }

    @Test
    void registeringANameTheServerAlreadyAnswersIsRefused() throws IOException {
        qmp.start();
        CommandDefinition stop = new CommandDefinition("stop", "0.14", List.of(), null, false);
        assertThatThrownBy(() -> qmp.server.register(new QapiSchema(List.of(stop)), "stop", args -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("command stop is already registered");
    }

    @Test
    void registeringTheSameCommandTwiceIsRefused() throws IOException {
        qmp.start();
        qmp.server.register(ECHO_SCHEMA, "x-echo", this::echo);
        assertRegistering(ECHO_SCHEMA, "x-echo").hasMessage("command x-echo is already registered");
    }

    @Test
    void aCommandNameQapiWouldNotAcceptIsRefused() throws IOException {
        qmp.start();
        CommandDefinition spaced = new CommandDefinition("x echo", "7.2", List.of(), null, false);
        assertThatThrownBy(() -> qmp.server.register(new QapiSchema(List.of(spaced)), "x echo", args -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'x echo' is not a valid QMP command name (a letter, then letters, digits, '-' and '_')");
    }

    @Test
    void aMemberWithoutATypeIsRefused() throws IOException {
        qmp.start();
        CommandDefinition untyped = new CommandDefinition("x-echo", "7.2", List.of(new Member("text", null, false)),
                null, false);
        assertRegistering(new QapiSchema(List.of(untyped)), "x-echo").hasMessage("member 'text' of x-echo has no type");
    }

    @Test
    void aMemberTwiceIsRefused() throws IOException {
        qmp.start();
        StructDefinition twice = new StructDefinition("EchoReply", "7.2",
                List.of(new Member("text", "str", false), new Member("text", "str", true)));
        assertRegistering(new QapiSchema(List.of(ECHO_MODE, twice, ECHO)), "x-echo")
                .hasMessage("EchoReply has the member 'text' twice");
    }

    @Test
    void anEnumValueTwiceIsRefused() throws IOException {
        qmp.start();
        EnumDefinition twice = new EnumDefinition("EchoMode", "7.2", List.of("plain", "plain"));
        assertRegistering(new QapiSchema(List.of(twice, ECHO_REPLY, ECHO)), "x-echo")
                .hasMessage("enum EchoMode has the value 'plain' twice");
    }

    @Test
    void definitionsWithoutTheNamedCommandAreRefused() throws IOException {
        qmp.start();
        assertRegistering(ECHO_SCHEMA, "x-other").hasMessage("the definitions have no command named x-other");
    }

    @Test
    void aTypeDefinedNowhereIsRefused() throws IOException {
        qmp.start();
        QapiSchema withoutMode = new QapiSchema(List.of(ECHO_REPLY, ECHO));
        assertRegistering(withoutMode, "x-echo")
                .hasMessage("type EchoMode used by command x-echo is not defined");
    }

    @Test
    void aTypeDefinedDifferentlyFromTheServersIsRefused() throws IOException {
        qmp.start();
        EnumDefinition otherRunState = new EnumDefinition("RunState", null, List.of("running"));
        CommandDefinition c = new CommandDefinition("x-state", "7.2", List.of(), "RunState", false);
        assertThatThrownBy(() -> qmp.server.register(new QapiSchema(List.of(otherRunState, c)), "x-state", args -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("RunState is already defined differently");
    }

    @Test
    void aStructArgumentIsCheckedMemberByMemberWithQemusNestedNames() throws IOException {
        CommandDefinition c = new CommandDefinition("x-nested", "7.2", List.of(new Member("reply", "[EchoReply]", false)),
                null, false);
        QmpTestClient client = serve(s -> s.register(new QapiSchema(List.of(ECHO_MODE, ECHO_REPLY, c)), "x-nested",
                args -> {
                    calls.add(args);
                    return null;
                }));
        assertThat(client.execute("{\"execute\": \"x-nested\", \"arguments\": {\"reply\": [{\"text\": \"a\"}, {}]}}"))
                .isEqualTo("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'reply[1].text' is missing\"}}");
        assertThat(client.execute("{\"execute\": \"x-nested\", \"arguments\": {\"reply\": [{\"text\": \"a\", \"x\": 1}]}}"))
                .contains("Parameter 'reply[0].x' is unexpected");
        assertThat(client.execute("{\"execute\": \"x-nested\", \"arguments\": {\"reply\": [{\"text\": \"a\", \"mode\": \"upper\"}]}}"))
                .isEqualTo("{\"return\": {}}");
        assertThat(calls).containsExactly(Map.of("reply", List.of(Map.of("text", "a", "mode", "upper"))));
    }

    @Test
    void aRefusedRegistrationLeavesTheTableAsItWas() throws IOException {
        QmpTestClient client = serve(s -> assertThatThrownBy(
                () -> s.register(new QapiSchema(List.of(ECHO_REPLY, ECHO)), "x-echo", this::echo))
                .isInstanceOf(IllegalArgumentException.class));
        assertThat(client.execute("{\"execute\": \"x-echo\"}")).contains("CommandNotFound");
        assertThat(schema(client)).doesNotContainKey("x-echo");
    }

    private QmpTestClient serve(final Consumer<QmpServer> setup) throws IOException {
        qmp.start(QmpServerOptions.defaults(), b -> b, setup);
        return qmp.connectNegotiated();
    }

    /** What registering {@code name} from {@code schema} with the echo handler throws: a refusal. */
    private AbstractThrowableAssert<?, ? extends Throwable> assertRegistering(final QapiSchema schema, final String name) {
        return assertThatThrownBy(() -> qmp.server.register(schema, name, this::echo))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Object echo(final Map<String, Object> args) {
        calls.add(args);
        String text = (String) args.get("text");
        Object mode = args.get("mode");
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("text", "upper".equals(mode) ? text.toUpperCase() : text);
        if (mode != null) {
            reply.put("mode", (String) mode);
        }
        return reply;
    }

    private static Map<String, JsonNode> schema(final QmpTestClient client) {
        JsonNode list = QmpTestClient.parse(client.execute("{\"execute\": \"query-qmp-schema\"}")).get("return");
        Map<String, JsonNode> byName = new HashMap<>();
        list.forEach(e -> assertThat(byName.put(e.get("name").asText(), e)).as("duplicate %s", e).isNull());
        return byName;
    }
}
