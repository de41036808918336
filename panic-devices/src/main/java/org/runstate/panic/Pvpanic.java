package org.runstate.panic;

/**
 * The pvpanic register bits of QEMU 7.2 ({@code include/standard-headers/linux/pvpanic.h},
 * docs/specs/pvpanic.txt), shared by {@link PvpanicIsa} and {@link PvpanicPci}.
 *
 * <p>QEMU 7.2 knows two bits. Bit 2 ({@code PVPANIC_SHUTDOWN}) and the GUEST_PVSHUTDOWN event
 * arrived in QEMU 9.1; in 7.2 a write of bit 2 is just an unknown event (logged once, nothing
 * else), and the default {@code events} value is 3, not 7.
 */
public final class Pvpanic {
    /** {@code PVPANIC_PANICKED}, bit 0: the guest panicked and the host should act on it. */
    public static final int PANICKED = 0x01;
    /**
     * {@code PVPANIC_CRASH_LOADED}, bit 1: the guest panicked and handles it itself (kdump); the
     * host only records it.
     */
    public static final int CRASH_LOADED = 0x02;
    /** The bits QEMU 7.2 handles; a written byte with any other bit is an "unknown event". */
    public static final int KNOWN_EVENTS = PANICKED | CRASH_LOADED;
    /** QEMU 7.2's default for the {@code events} property of both devices (PANICKED | CRASH_LOADED). */
    public static final int DEFAULT_EVENTS = KNOWN_EVENTS;

    private Pvpanic() {
    }

    /**
     * Checks an {@code events} property value the way QEMU's uint8 property visitor does.
     *
     * @param events the value
     * @return the value
     * @throws IllegalArgumentException {@code Parameter 'events' expects uint8_t} outside 0..255
     */
    static int checkEvents(final int events) {
        if (events < 0 || events > 0xff) {
            throw new IllegalArgumentException("Parameter 'events' expects uint8_t");
        }
        return events;
    }
}
