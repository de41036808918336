package org.runstate.core.qapi;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Wire-name lookups for {@link QapiEnum}s, computed once per enum class. */
public final class QapiEnums {
    private static final ClassValue<Names> NAMES = new ClassValue<>() {
        @Override
        protected Names computeValue(final Class<?> type) {
            return new Names(type.getEnumConstants());
        }
    };

    private QapiEnums() {
    }

    /**
     * Finds the constant of {@code type} whose wire name is {@code wireName}.
     *
     * @param type the enum class
     * @param wireName the schema spelling, for example {@code "guest-panicked"}
     * @param <E> the enum type
     * @return the constant, or empty when the schema has no such value
     */
    public static <E extends Enum<E> & QapiEnum> Optional<E> fromWireName(
            final Class<E> type, final String wireName) {
        return Optional.ofNullable(type.cast(NAMES.get(type).byWire.get(wireName)));
    }

    static String wireName(final QapiEnum value) {
        return NAMES.get(((Enum<?>) value).getDeclaringClass()).wire[((Enum<?>) value).ordinal()];
    }

    /** QAPI's C names upper-case the value and turn '-' into '_'; this reverses it. */
    private static final class Names {
        final String[] wire;
        final Map<String, Object> byWire = new HashMap<>();

        Names(final Object[] constants) {
            wire = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                wire[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT).replace('_', '-');
                byWire.put(wire[i], constants[i]);
            }
        }
    }
}
