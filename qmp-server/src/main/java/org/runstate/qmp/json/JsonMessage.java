package org.runstate.qmp.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One outcome of {@link JsonStreamer}: a complete top-level JSON value, or the error QEMU 7.2
 * would report for the input instead ({@code handle_qmp_command(req|err)}).
 *
 * <p>Exactly one of the two components is non-null. The error text is QEMU's exact {@code desc},
 * for example {@code "JSON parse error, expecting value"}; QMP answers it with class
 * {@code GenericError} and without an {@code id}.
 *
 * @param value the parsed value, or {@code null} for an error
 * @param error QEMU's error description, or {@code null} for a value
 */
public record JsonMessage(JsonNode value, String error) {
    /**
     * Checks that exactly one component is present.
     *
     * @param value the parsed value, or {@code null} for an error
     * @param error the error description, or {@code null} for a value
     */
    public JsonMessage {
        if ((value == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of value and error must be given");
        }
    }

    /**
     * A parsed value.
     *
     * @param value the value, not null
     * @return the message
     */
    public static JsonMessage ofValue(final JsonNode value) {
        return new JsonMessage(Objects.requireNonNull(value, "value"), null);
    }

    /**
     * An error.
     *
     * @param desc QEMU's error description, not null
     * @return the message
     */
    public static JsonMessage ofError(final String desc) {
        return new JsonMessage(null, Objects.requireNonNull(desc, "desc"));
    }

    /**
     * Whether this is an error rather than a value.
     *
     * @return true for an error
     */
    public boolean isError() {
        return error != null;
    }
}
