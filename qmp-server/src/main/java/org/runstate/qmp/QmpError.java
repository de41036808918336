package org.runstate.qmp;

/**
 * A QMP error response: QEMU's {@code ErrorClass} and its exact {@code desc} text.
 */
public final class QmpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** QEMU's {@code ErrorClass} values used by this server. */
    public enum ErrorClass {
        /** Everything not otherwise classified. */
        GenericError,
        /** An unknown command, or any command during capabilities negotiation. */
        CommandNotFound,
        /** A device, QOM path or QOM class that does not exist ({@code ERROR_CLASS_DEVICE_NOT_FOUND}). */
        DeviceNotFound
    }

    /** The QMP error class the reply names. */
    private final ErrorClass errorClass;

    /**
     * Creates an error.
     *
     * @param errorClass the class
     * @param desc QEMU's message
     */
    public QmpError(final ErrorClass errorClass, final String desc) {
        super(desc, null, false, false);
        this.errorClass = errorClass;
    }

    /**
     * A {@code GenericError}.
     *
     * @param desc QEMU's message
     * @return the error
     */
    public static QmpError generic(final String desc) {
        return new QmpError(ErrorClass.GenericError, desc);
    }

    /**
     * A {@code DeviceNotFound}.
     *
     * @param desc QEMU's message
     * @return the error
     */
    public static QmpError deviceNotFound(final String desc) {
        return new QmpError(ErrorClass.DeviceNotFound, desc);
    }

    /**
     * The error class.
     *
     * @return the class
     */
    public ErrorClass errorClass() {
        return errorClass;
    }
}
