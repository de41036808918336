package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.schema.QapiSchema.CommandDefinition;
import org.runstate.qmp.schema.QapiSchema.Member;

/** QEMU's argument error texts (qobject-input-visitor), driven by the schema the server uses. */
final class QapiArgumentVisitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final QapiSchema SCHEMA = QapiSchema.runState()
            .plus(QapiSchema.load(QmpCommandTable.class, QmpCommandTable.CONTROL_SCHEMA));
    private final QapiArgumentVisitor visitor = new QapiArgumentVisitor(SCHEMA);

    @Test
    void missingRequiredArgument() {
        assertError("watchdog-set-action", "{}", "Parameter 'action' is missing");
    }

    @Test
    void unexpectedArgument() {
        assertError("query-status", "{\"verbose\": true}", "Parameter 'verbose' is unexpected");
        assertError("stop", "{\"x\": 1}", "Parameter 'x' is unexpected");
    }

    @Test
    void amongSeveralUnexpectedArgumentsQemuNamesTheFirstItsGLibHashTableYields() {
        // answers of QEMU 7.2.22: not the first key written, nor the first in QDict order
        assertError("query-status", "{\"x\": 1, \"y\": 2, \"z\": 3}", "Parameter 'z' is unexpected");
        assertError("query-status", "{\"\u00e9\": 1, \"e\": 2}", "Parameter 'e' is unexpected");
        // visited members are removed from the table first
        assertError("watchdog-set-action", "{\"x\": 1, \"action\": \"pause\", \"y\": 2, \"z\": 3}",
                "Parameter 'z' is unexpected");
        assertError("set-action", "{\"a\": 1, \"panic\": \"none\", \"b\": 2, \"reboot\": \"reset\", \"c\": 3}",
                "Parameter 'b' is unexpected");
    }

    @Test
    void wrongJsonType() {
        assertError("set-action", "{\"panic\": 1}", "Invalid parameter type for 'panic', expected: string");
        assertError("qmp_capabilities", "{\"enable\": \"oob\"}", "Invalid parameter type for 'enable', expected: array");
    }

    @Test
    void badEnumValueIsCaseSensitive() {
        assertError("set-action", "{\"panic\": \"bogus\"}", "Parameter 'panic' does not accept value 'bogus'");
        assertError("watchdog-set-action", "{\"action\": \"Reset\"}", "Parameter 'action' does not accept value 'Reset'");
    }

    @Test
    void listElementEnumErrorPrintsNullAsTheName() {
        assertError("qmp_capabilities", "{\"enable\": [\"oob\", \"bogus\"]}", "Parameter 'null' does not accept value 'bogus'");
    }

    @Test
    void listElementTypeErrorPrintsTheIndexedName() {
        assertError("qmp_capabilities", "{\"enable\": [1]}", "Invalid parameter type for 'enable[0]', expected: string");
    }

    @Test
    void membersAreCheckedBeforeLeftoversAndInSchemaOrder() {
        // 'zzz' is unexpected, but the bad 'shutdown' is visited first; 'reboot' precedes 'panic'
        assertError("set-action", "{\"zzz\": 1, \"shutdown\": \"bogus\"}", "Parameter 'shutdown' does not accept value 'bogus'");
        assertError("set-action", "{\"panic\": 1, \"reboot\": \"x\"}", "Parameter 'reboot' does not accept value 'x'");
    }

    @Test
    void validArgumentsAreDecodedAndAbsentOptionalsLeftOut() throws Exception {
        Map<String, Object> out = visitor.visit(members("set-action"), args("{\"watchdog\": \"pause\", \"panic\": \"none\"}"));
        assertThat(out).containsExactly(Map.entry("panic", "none"), Map.entry("watchdog", "pause"));
        assertThat(visitor.visit(members("qmp_capabilities"), args("{\"enable\": [\"oob\"]}")))
                .containsExactly(Map.entry("enable", List.of("oob")));
    }

    private void assertError(final String command, final String arguments, final String desc) {
        assertThatThrownBy(() -> visitor.visit(members(command), args(arguments))).isInstanceOfSatisfying(QmpError.class, e -> {
            assertThat(e.getMessage()).isEqualTo(desc);
            assertThat(e.errorClass()).isEqualTo(QmpError.ErrorClass.GenericError);
        });
    }

    private static List<Member> members(final String command) {
        return SCHEMA.find(command).map(CommandDefinition.class::cast).orElseThrow().members();
    }

    private static ObjectNode args(final String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }
}
