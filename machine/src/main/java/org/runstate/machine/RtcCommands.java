package org.runstate.machine;

import java.util.function.Supplier;
import org.runstate.pc.PcPlatform;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.qmp.QmpServer;

/**
 * The RTC's QMP command of an x86 QEMU 7.2 ({@code rtc-reset-reinjection}, qapi/misc-target.json):
 * libvirt sends it after setting the guest's clock through the guest agent. It acts on every RTC,
 * so on a machine without one (x86 {@code -M none}) it does nothing and succeeds, as in QEMU.
 */
final class RtcCommands {
    /** The schema resource next to this class. */
    static final String SCHEMA = "rtc-schema.json";

    private RtcCommands() {
    }

    /**
     * Registers the command before any client connects.
     *
     * @param server the QMP server
     * @param platform the pc platform once the board is built, or null (no RTC)
     */
    static void register(final QmpServer server, final Supplier<PcPlatform> platform) {
        server.register(QapiSchema.load(RtcCommands.class, SCHEMA), "rtc-reset-reinjection", args -> {
            PcPlatform p = platform.get();
            if (p != null) {
                p.rtcResetReinjection();
            }
            return null;
        });
    }
}
