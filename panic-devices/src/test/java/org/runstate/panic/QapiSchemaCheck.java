package org.runstate.panic;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.runstate.core.qapi.QapiEnum;
import org.runstate.core.qapi.QapiMembers;
import org.runstate.core.qapi.QapiName;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.core.qapi.RunStateEvent;

/**
 * Checks a value against QEMU's schema (the core's copy of qapi/run-state.json): every member
 * present with the schema's name, required ones non-null, enums inside their value set, unions
 * by their discriminator's branch, {@code uint64} as a Java {@code long}.
 */
final class QapiSchemaCheck {
    private static final QapiSchema SCHEMA = QapiSchema.runState();

    private QapiSchemaCheck() {
    }

    /** Asserts that {@code event}'s data matches the schema's event definition. */
    static void assertConforms(final RunStateEvent event) {
        QapiSchema.EventDefinition def = (QapiSchema.EventDefinition) SCHEMA.find(event.eventName()).orElseThrow();
        assertRecordMembers(event, def.members(), event.eventName());
    }

    private static void assertValue(final Object value, final String type, final String path) {
        switch (type) {
            case "uint64", "int", "int64" -> assertThat(value).as(path).isInstanceOf(Long.class);
            case "bool" -> assertThat(value).as(path).isInstanceOf(Boolean.class);
            case "str" -> assertThat(value).as(path).isInstanceOf(String.class);
            default -> assertDefined(value, type, path);
        }
    }

    private static void assertDefined(final Object value, final String type, final String path) {
        QapiSchema.Definition def = SCHEMA.find(type).orElseThrow(() -> new AssertionError("no type " + type));
        assertThat(value.getClass().getAnnotation(QapiName.class)).as(path + " has a schema name").isNotNull();
        if (def instanceof QapiSchema.EnumDefinition e) {
            assertThat(e.values()).as(path).contains(((QapiEnum) value).wireName());
        } else if (def instanceof QapiSchema.StructDefinition s) {
            assertThat(value.getClass().getAnnotation(QapiName.class).value()).as(path).isEqualTo(type);
            assertRecordMembers(value, s.members(), path);
        } else if (def instanceof QapiSchema.UnionDefinition u) {
            Object tag = invoke(value, u.discriminator());
            assertValue(tag, u.base().get(0).type(), path + "." + u.discriminator());
            String branch = u.variants().stream().filter(v -> v.caseName().equals(((QapiEnum) tag).wireName()))
                    .findFirst().orElseThrow().type();
            assertDefined(value, branch, path);
        } else {
            throw new AssertionError(path + ": unexpected kind " + def);
        }
    }

    private static void assertRecordMembers(final Object value, final List<QapiSchema.Member> members,
            final String path) {
        RecordComponent[] components = value.getClass().getRecordComponents();
        assertThat(Arrays.stream(components).map(c -> QapiMembers.wireName(c.getName())))
                .as(path + " members")
                .containsExactlyElementsOf(members.stream().map(QapiSchema.Member::name).toList());
        for (int i = 0; i < components.length; i++) {
            QapiSchema.Member member = members.get(i);
            Object v = invoke(value, components[i].getName());
            if (v == null) {
                assertThat(member.optional()).as(path + "." + member.name() + " may be absent").isTrue();
            } else {
                assertValue(v, member.type(), path + "." + member.name());
            }
        }
    }

    private static Object invoke(final Object target, final String method) {
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
