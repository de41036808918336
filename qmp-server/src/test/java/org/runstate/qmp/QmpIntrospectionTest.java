package org.runstate.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.runstate.core.Machine;
import org.runstate.core.qapi.QapiSchema;
import org.runstate.qmp.json.QmpJsonWriter;

class QmpIntrospectionTest {
    private static Machine machine;
    private static QmpCommandTable table;
    private static ArrayNode schema;
    private static final Map<String, JsonNode> BY_NAME = new HashMap<>();

    @BeforeAll
    static void build() {
        machine = Machine.builder().build();
        table = new QmpCommandTable(machine, QmpMessages.versionInfo(QmpVersion.QEMU_7_2, "test"));
        schema = QmpIntrospection.build(table.schema(), table.names());
        schema.forEach(e -> assertThat(BY_NAME.put(e.get("name").asText(), e)).as("duplicate %s", e).isNull());
    }

    @AfterAll
    static void close() {
        machine.close();
    }

    @Test
    void firstEntryIsQueryStatusExactlyAsQemuPrintsIt() {
        assertThat(QmpJsonWriter.write(schema.get(0)))
                .isEqualTo("{\"name\": \"query-status\", \"ret-type\": \"1\", \"meta-type\": \"command\", \"arg-type\": \"0\"}");
    }

    @Test
    void typeZeroIsTheEmptyObjectUsedForNoArgumentsAndNoReturn() {
        assertThat(QmpJsonWriter.write(BY_NAME.get("0"))).isEqualTo("{\"name\": \"0\", \"members\": [], \"meta-type\": \"object\"}");
        assertThat(BY_NAME.get("stop").get("arg-type").asText()).isEqualTo("0");
        assertThat(BY_NAME.get("stop").get("ret-type").asText()).isEqualTo("0");
    }

    @Test
    void everyServedCommandAndEveryRunStateEventIsListedOnce() {
        for (String name : table.names()) {
            assertThat(BY_NAME.get(name)).as(name).isNotNull();
            assertThat(BY_NAME.get(name).get("meta-type").asText()).isEqualTo("command");
        }
        for (QapiSchema.EventDefinition e : QapiSchema.runState().all(QapiSchema.EventDefinition.class)) {
            assertThat(BY_NAME.get(e.name()).get("meta-type").asText()).as(e.name()).isEqualTo("event");
        }
    }

    @Test
    void everyTypeReferenceResolvesToAnEntry() {
        for (JsonNode e : schema) {
            for (String key : List.of("arg-type", "ret-type", "element-type")) {
                if (e.has(key)) {
                    assertThat(BY_NAME).as("%s of %s", key, e).containsKey(e.get(key).asText());
                }
            }
            for (JsonNode m : e.path("members")) {
                if (m.has("type")) {
                    assertThat(BY_NAME).as("member %s of %s", m, e.get("name")).containsKey(m.get("type").asText());
                }
            }
            for (JsonNode v : e.path("variants")) {
                assertThat(BY_NAME).containsKey(v.get("type").asText());
            }
        }
    }

    @Test
    void typeNamesAreMaskedButBuiltinsAreNot() {
        List<String> names = StreamSupport.stream(schema.spliterator(), false).map(e -> e.get("name").asText()).toList();
        assertThat(names).doesNotContain("RunState", "StatusInfo", "GuestPanicInformation");
        assertThat(BY_NAME.get("str").get("json-type").asText()).isEqualTo("string");
        assertThat(BY_NAME.get("int").get("json-type").asText()).isEqualTo("int");
    }

    @Test
    void optionalMembersDefaultToNullAndEnumsKeepLegacyValues() {
        JsonNode setActionArgs = BY_NAME.get(BY_NAME.get("set-action").get("arg-type").asText());
        assertThat(setActionArgs.get("members")).allSatisfy(m -> {
            assertThat(m.has("default")).isTrue();
            assertThat(m.get("default").isNull()).isTrue();
        });
        JsonNode watchdogAction = BY_NAME.get(BY_NAME.get(BY_NAME.get("watchdog-set-action").get("arg-type").asText())
                .get("members").get(0).get("type").asText());
        assertThat(watchdogAction.get("meta-type").asText()).isEqualTo("enum");
        assertThat(watchdogAction.get("values")).hasSize(7);
        assertThat(watchdogAction.get("members")).hasSize(7);
    }

    @Test
    void guestPanicInformationIsAFlatUnionTaggedByType() {
        JsonNode panicked = BY_NAME.get(BY_NAME.get("GUEST_PANICKED").get("arg-type").asText());
        JsonNode info = BY_NAME.get(panicked.get("members").get(1).get("type").asText());
        assertThat(info.get("tag").asText()).isEqualTo("type");
        assertThat(info.get("variants")).extracting(v -> v.get("case").asText()).containsExactly("hyper-v", "s390");
        JsonNode hyperv = BY_NAME.get(info.get("variants").get(0).get("type").asText());
        assertThat(hyperv.get("members")).allSatisfy(m -> assertThat(m.get("type").asText()).isEqualTo("int"));
    }
}
