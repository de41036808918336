package org.runstate.core.qapi;

/**
 * An enum defined by the QAPI schema. Its constants are declared in the schema's order (the
 * generated C enum order, which is also what QEMU uses for {@code ordinal}-like codes), and each
 * carries its wire name: the Java constant {@code FINISH_MIGRATE} is {@code "finish-migrate"} on
 * the wire.
 */
public interface QapiEnum {
    /**
     * The Java constant name.
     *
     * @return the name, as {@link Enum#name()}
     */
    String name();

    /**
     * The value as it appears in QMP.
     *
     * @return the schema spelling of this value
     */
    default String wireName() {
        return QapiEnums.wireName(this);
    }
}
