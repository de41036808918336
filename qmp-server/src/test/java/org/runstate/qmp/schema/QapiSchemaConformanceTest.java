package org.runstate.qmp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.runstate.core.qapi.GuestPanicInformationHyperV;
import org.runstate.core.qapi.GuestPanicInformationS390;
import org.runstate.core.qapi.QapiCommand;
import org.runstate.core.qapi.QapiEnum;
import org.runstate.core.qapi.QapiEnums;
import org.runstate.core.qapi.QapiMembers;
import org.runstate.core.qapi.QapiOptional;
import org.runstate.core.qapi.QapiTypes;
import org.runstate.core.qapi.RtcChangeEvent;
import org.runstate.core.qapi.RunState;
import org.runstate.core.qapi.RunStateEvent;
import org.runstate.core.qapi.S390CrashReason;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownCause;
import org.runstate.core.qapi.ShutdownEvent;
import org.runstate.core.qapi.StopEvent;
import org.runstate.core.qapi.WatchdogAction;
import org.runstate.qmp.schema.QapiSchema.CommandDefinition;
import org.runstate.qmp.schema.QapiSchema.Definition;
import org.runstate.qmp.schema.QapiSchema.EnumDefinition;
import org.runstate.qmp.schema.QapiSchema.EventDefinition;
import org.runstate.qmp.schema.QapiSchema.Member;
import org.runstate.qmp.schema.QapiSchema.StructDefinition;
import org.runstate.qmp.schema.QapiSchema.UnionDefinition;

class QapiSchemaConformanceTest {
    private static final Map<String, Class<?>> BUILTINS = Map.of(
            "bool", boolean.class, "uint64", long.class, "uint32", long.class, "int", long.class,
            "str", String.class);

    @Test
    void schemaCopyHasEveryDefinitionOfRunStateJson() {
        List<Definition> defs = QapiSchema.runState().definitions();
        assertThat(defs).hasSize(32);
        assertThat(QapiSchema.runState().all(EventDefinition.class)).hasSize(12);
        assertThat(QapiSchema.runState().all(CommandDefinition.class)).hasSize(3);
        assertThat(QapiSchema.runState().all(EnumDefinition.class)).hasSize(12);
        assertThat(QapiSchema.runState().all(StructDefinition.class)).hasSize(4);
        assertThat(QapiSchema.runState().all(UnionDefinition.class)).hasSize(1);
        assertThat(QapiTypes.ALL).hasSize(defs.size());
    }

    @TestFactory
    Stream<DynamicTest> everyDefinitionHasAJavaTypeMatchingItMemberForMember() {
        return QapiSchema.runState().definitions().stream().map(def -> DynamicTest.dynamicTest(def.name(), () -> {
            Class<?> type = QapiTypes.byName(def.name()).orElseThrow(
                    () -> new AssertionError("no Java type for " + def.name()));
            if (def instanceof EnumDefinition e) {
                assertEnum(type, e);
            } else if (def instanceof StructDefinition s) {
                assertRecord(type, s.members());
            } else if (def instanceof EventDefinition e) {
                assertThat(RunStateEvent.class).isAssignableFrom(type);
                assertRecord(type, e.members());
            } else if (def instanceof CommandDefinition c) {
                assertThat(QapiCommand.class).isAssignableFrom(type);
                assertRecord(type, c.members());
            } else {
                assertUnion(type, (UnionDefinition) def);
            }
        }));
    }

    @Test
    void theDeviceEventsAreRtcChangeMatchingItsJavaRecord() {
        assertThat(QapiSchema.deviceEvents().definitions()).extracting(Definition::name).containsExactly("RTC_CHANGE");
        EventDefinition rtcChange = QapiSchema.deviceEvents().all(EventDefinition.class).get(0);
        assertRecord(RtcChangeEvent.class, rtcChange.members());
        assertThat(new RtcChangeEvent(0, "/machine/unattached/device[9]").eventName()).isEqualTo("RTC_CHANGE");
    }

    @Test
    void runStateOrdinalsAreQemuEnumValues() {
        assertThat(RunState.values()).hasSize(16);
        assertThat(RunState.DEBUG.ordinal()).isZero();
        assertThat(RunState.RUNNING.ordinal()).isEqualTo(9);
        assertThat(RunState.COLO.ordinal()).isEqualTo(15);
        assertThat(ShutdownCause.GUEST_SHUTDOWN.ordinal()).isEqualTo(6);
    }

    @Test
    void wireNamesRoundTrip() {
        assertThat(RunState.FINISH_MIGRATE.wireName()).isEqualTo("finish-migrate");
        assertThat(ShutdownCause.HOST_QMP_QUIT.wireName()).isEqualTo("host-qmp-quit");
        assertThat(WatchdogAction.INJECT_NMI.wireName()).isEqualTo("inject-nmi");
        assertThat(QapiEnums.fromWireName(RunState.class, "guest-panicked")).contains(RunState.GUEST_PANICKED);
        assertThat(QapiEnums.fromWireName(RunState.class, "GUEST_PANICKED")).isEmpty();
    }

    @Test
    void eventNamesComeFromTheSchema() {
        assertThat(StopEvent.INSTANCE.eventName()).isEqualTo("STOP");
        assertThat(new ShutdownEvent(true, ShutdownCause.GUEST_PANIC).eventName()).isEqualTo("SHUTDOWN");
        assertThat(new SetActionCommand(null, null, null, null).commandName()).isEqualTo("set-action");
    }

    private static void assertEnum(final Class<?> type, final EnumDefinition def) {
        assertThat(type.isEnum()).as("%s is an enum", type).isTrue();
        assertThat(QapiEnum.class).isAssignableFrom(type);
        List<String> wire = Arrays.stream(type.getEnumConstants()).map(c -> ((QapiEnum) c).wireName()).toList();
        assertThat(wire).containsExactlyElementsOf(def.values());
    }

    private static void assertRecord(final Class<?> type, final List<Member> members) {
        assertThat(type.isRecord()).as("%s is a record", type).isTrue();
        RecordComponent[] comps = type.getRecordComponents();
        assertThat(Arrays.stream(comps).map(c -> QapiMembers.wireName(c.getName())).toList())
                .containsExactlyElementsOf(members.stream().map(Member::name).toList());
        for (int i = 0; i < comps.length; i++) {
            Member m = members.get(i);
            assertThat(comps[i].getType()).as("type of %s.%s", type.getSimpleName(), m.name())
                    .isEqualTo(javaType(m.type()));
            assertThat(comps[i].isAnnotationPresent(QapiOptional.class))
                    .as("optionality of %s.%s", type.getSimpleName(), m.name()).isEqualTo(m.optional());
        }
    }

    private static void assertUnion(final Class<?> type, final UnionDefinition def) {
        assertThat(type.isSealed()).isTrue();
        assertThat(def.base()).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo(def.discriminator()));
        Class<?> discriminatorType = javaType(def.base().get(0).type());
        assertThat(Arrays.asList(type.getPermittedSubclasses()))
                .containsExactlyElementsOf(def.variants().stream().map(v -> javaType(v.type())).toList());
        List<String> discriminatorValues = Arrays.stream(discriminatorType.getEnumConstants())
                .map(c -> ((QapiEnum) c).wireName()).toList();
        assertThat(def.variants().stream().map(QapiSchema.Variant::caseName).toList())
                .containsExactlyElementsOf(discriminatorValues);
        assertThat(new GuestPanicInformationHyperV(1, 2, 3, 4, 5).type().wireName()).isEqualTo("hyper-v");
        assertThat(new GuestPanicInformationS390(0, 0, 0, S390CrashReason.UNKNOWN).type().wireName()).isEqualTo("s390");
    }

    private static Class<?> javaType(final String schemaType) {
        Class<?> builtin = BUILTINS.get(schemaType);
        return builtin != null ? builtin
                : QapiTypes.byName(schemaType).orElseThrow(() -> new AssertionError("unknown type " + schemaType));
    }
}
