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
import org.runstate.qmp.schema.QapiSchema;
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
    void rtcChangeIsListedWithItsOffsetAndQomPath() {
        JsonNode event = BY_NAME.get("RTC_CHANGE");
        assertThat(event.get("meta-type").asText()).isEqualTo("event");
        JsonNode args = BY_NAME.get(event.get("arg-type").asText());
        assertThat(QmpJsonWriter.write(args.get("members"))).isEqualTo(
                "[{\"name\": \"offset\", \"type\": \"int\"}, {\"name\": \"qom-path\", \"type\": \"str\"}]");
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

    @Test
    void schemaInfoEnumValuesIsMarkedDeprecatedAsInQemu() {
        JsonNode schemaInfo = BY_NAME.get(BY_NAME.get("query-qmp-schema").get("ret-type").asText().replaceAll("^\\[|\\]$", ""));
        JsonNode enumBranch = null;
        for (JsonNode v : schemaInfo.get("variants")) {
            if (v.get("case").asText().equals("enum")) {
                enumBranch = BY_NAME.get(v.get("type").asText());
            }
        }
        assertThat(QmpJsonWriter.write(enumBranch.get("members").get(1)))
                .isEqualTo("{\"name\": \"values\", \"type\": \"[str]\", \"features\": [\"deprecated\"]}");
    }

    @Test
    void featuresOfCommandsAndMembersAreListed() {
        QapiSchema.CommandDefinition c = new QapiSchema.CommandDefinition("x-c", "7.2",
                List.of(new QapiSchema.Member("a", "int", true, List.of("deprecated"))), null, false, List.of("unstable"));
        ArrayNode out = QmpIntrospection.build(new QapiSchema(List.of(c)), List.of("x-c"));
        assertThat(QmpJsonWriter.write(out.get(0)))
                .isEqualTo("{\"name\": \"x-c\", \"ret-type\": \"1\", \"meta-type\": \"command\", \"arg-type\": \"0\", "
                        + "\"features\": [\"unstable\"]}");
        // the argument type is used (and so numbered) before the return type, as in introspect.py
        assertThat(QmpJsonWriter.write(out.get(1))).isEqualTo("{\"name\": \"0\", \"members\": [{\"name\": \"a\", "
                + "\"default\": null, \"type\": \"int\", \"features\": [\"deprecated\"]}], \"meta-type\": \"object\"}");
    }

    @Test
    void arraysOfAnyIntegerTypeAreListedOnceAsArraysOfInt() {
        QapiSchema.CommandDefinition c = new QapiSchema.CommandDefinition("x-c", "7.2",
                List.of(new QapiSchema.Member("a", "[uint8]", false), new QapiSchema.Member("b", "[int64]", false)),
                "[size]", false);
        ArrayNode out = QmpIntrospection.build(new QapiSchema(List.of(c)), List.of("x-c"));
        List<String> names = StreamSupport.stream(out.spliterator(), false).map(e -> e.get("name").asText()).toList();
        assertThat(names).containsExactly("x-c", "0", "[int]", "int");
        assertThat(out.get(0).get("ret-type").asText()).isEqualTo("[int]");
        assertThat(SchemaInfoStrictReader.problems(out)).isEmpty();
    }

    @Test
    void builtInSchemaPassesQemusStrictReader() {
        assertThat(SchemaInfoStrictReader.problems(schema)).isEmpty();
    }
}
