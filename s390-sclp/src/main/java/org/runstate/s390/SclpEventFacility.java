package org.runstate.s390;

/**
 * The SCLP event facility of QEMU 7.2 with {@code -nodefaults} (hw/s390x/event-facility.c): the
 * guest's receive mask, the write-event-mask, read-event-data and write-event-data commands, and
 * its two event children, in bus order: {@code sclpquiesce} (sends signal quiesce, type 0x1d) and
 * {@code sclp-cpu-hotplug} (sends config-management data, type 0x04; CPU hotplug is not modelled
 * so it never has an event). Neither child accepts event buffers from the guest, and without a
 * console there is nothing else on the bus. Guarded by the owning machine's lock.
 *
 * <p>Masks are kept as QEMU's 64-bit {@code sccb_mask_t}: event type {@code t} is bit
 * {@code 1 << (64 - t)}, which in the usual 4-byte guest form is {@code 0x80000000 >> (t - 1)}.
 */
final class SclpEventFacility {
    /** {@code SCLP_RC_NORMAL_COMPLETION}. */
    static final int RC_NORMAL_COMPLETION = 0x0020;
    /** {@code SCLP_RC_INSUFFICIENT_SCCB_LENGTH}. */
    static final int RC_INSUFFICIENT_SCCB_LENGTH = 0x0300;
    /** {@code SCLP_RC_INVALID_FUNCTION}. */
    static final int RC_INVALID_FUNCTION = 0x40f0;
    /** {@code SCLP_RC_NO_EVENT_BUFFERS_STORED}. */
    static final int RC_NO_EVENT_BUFFERS_STORED = 0x60f0;
    /** {@code SCLP_RC_INVALID_SELECTION_MASK}. */
    static final int RC_INVALID_SELECTION_MASK = 0x70f0;
    /** {@code SCLP_RC_INCONSISTENT_LENGTHS}. */
    static final int RC_INCONSISTENT_LENGTHS = 0x72f0;
    /** {@code SCLP_RC_EVENT_BUFFER_SYNTAX_ERROR}. */
    static final int RC_EVENT_BUFFER_SYNTAX_ERROR = 0x73f0;
    /** {@code SCLP_RC_INVALID_MASK_LENGTH}. */
    static final int RC_INVALID_MASK_LENGTH = 0x74f0;

    /** {@code SCLP_EVENT_SIGNAL_QUIESCE}. */
    static final int TYPE_SIGNAL_QUIESCE = 0x1d;
    /** {@code SCLP_EVENT_CONFIG_MGT_DATA}. */
    static final int TYPE_CONFIG_MGT_DATA = 0x04;
    /** What the quiesce child sends. */
    static final long QUIESCE_SEND_MASK = maskOf(TYPE_SIGNAL_QUIESCE);
    /** What the CPU-hotplug child sends. */
    static final long CPU_HOTPLUG_SEND_MASK = maskOf(TYPE_CONFIG_MGT_DATA);
    /** {@code get_host_send_mask}: 0x10000008 in 4-byte form. */
    static final long HOST_SEND_MASK = QUIESCE_SEND_MASK | CPU_HOTPLUG_SEND_MASK;
    /** {@code get_host_receive_mask}: neither child receives anything. */
    static final long HOST_RECEIVE_MASK = 0;
    /** {@code SCLP_EVENT_MASK_LEN_MAX}. */
    static final int MASK_LENGTH_MAX = 1021;
    /** {@code SCLP_EVENT_BUFFER_ACCEPTED} in an event buffer's flags. */
    static final int BUFFER_ACCEPTED = 0x80;
    /** {@code sizeof(EventBufferHeader)}: length u16, type u8, flags u8, reserved u16. */
    static final int EVENT_HEADER_SIZE = 6;
    /** {@code sizeof(SignalQuiesce)}: the header, timeout u16, unit u8. */
    static final int SIGNAL_QUIESCE_SIZE = 9;

    private static final int FC_UNCONDITIONAL_READ = 0x00;
    private static final int FC_SELECTIVE_READ = 0x01;
    private static final int FC_NORMAL_WRITE = 0x00;
    /** Write event mask: u16 reserved at 8, u16 mask length at 10, the four masks from 12. */
    private static final int WEM_MASK_LENGTH = 10;
    private static final int WEM_MASKS = 12;

    /** The guest's cp-receive mask: the event types it is willing to receive. */
    private long receiveMask;
    /** The last accepted mask length; QEMU starts with 4 and its reset leaves it. */
    private int maskLength = 4;
    /** QOM property {@code allow_all_mask_sizes}: true for every machine newer than 2.11. */
    private boolean allowAllMaskSizes = true;
    /** {@code event_pending} of {@code sclpquiesce}. */
    private boolean quiescePending;

    /**
     * Event type {@code t}'s bit in a 64-bit {@code sccb_mask_t}.
     *
     * @param type the event type, 1..64
     * @return the mask bit
     */
    static long maskOf(final int type) {
        return 1L << (64 - type);
    }

    void setAllowAllMaskSizes(final boolean allow) {
        allowAllMaskSizes = allow;
    }

    long receiveMask() {
        return receiveMask;
    }

    boolean quiescePending() {
        return quiescePending;
    }

    /** {@code quiesce_powerdown_req}: the signal-quiesce event becomes pending. */
    void signalQuiesce() {
        quiescePending = true;
    }

    /**
     * {@code event_pending}: some child has an event whose type the guest's receive mask admits.
     * An event the guest has not registered for stays pending but does not count.
     *
     * @return whether the service-signal parameter gets its pending bit
     */
    boolean eventPending() {
        return quiescePending && (QUIESCE_SEND_MASK & receiveMask) != 0;
    }

    /** {@code reset_event_facility} plus {@code quiesce_reset}: no receive mask, nothing pending. */
    void reset() {
        receiveMask = 0;
        quiescePending = false;
    }

    /**
     * WRITE EVENT MASK ({@code write_event_mask}): the mask length must be 1..1021 (exactly 4
     * when {@code allow_all_mask_sizes} is off), else 0x74f0. The guest's cp-receive mask,
     * truncated or zero-extended to 8 bytes, replaces the previous one; the SCLP's own receive and
     * send masks are written back in the given length; the guest's cp-send mask is ignored.
     *
     * @param sccb the private copy
     */
    void writeEventMask(final Sccb sccb) {
        int length = sccb.u16(WEM_MASK_LENGTH);
        if (length == 0 || length > MASK_LENGTH_MAX || length != 4 && !allowAllMaskSizes) {
            sccb.setResponseCode(RC_INVALID_MASK_LENGTH);
            return;
        }
        receiveMask = sccb.mask(WEM_MASKS, length);
        sccb.setMask(WEM_MASKS + 2 * length, length, HOST_RECEIVE_MASK);
        sccb.setMask(WEM_MASKS + 3 * length, length, HOST_SEND_MASK);
        sccb.setResponseCode(RC_NORMAL_COMPLETION);
        maskLength = length;
    }

    /**
     * READ EVENT DATA ({@code read_event_data}): the SCCB must be exactly 4096 bytes (0x0300);
     * function code 0 reads with the receive mask, 1 with the selection mask at offset 8 (0x70f0
     * when the receive mask is 0 or the selection exceeds it), anything else is 0x40f0.
     *
     * @param sccb the private copy
     */
    void readEventData(final Sccb sccb) {
        if (sccb.length() != Sccb.SCCB_SIZE) {
            sccb.setResponseCode(RC_INSUFFICIENT_SCCB_LENGTH);
            return;
        }
        long selection;
        switch (sccb.functionCode()) {
            case FC_UNCONDITIONAL_READ:
                selection = receiveMask;
                break;
            case FC_SELECTIVE_READ:
                selection = sccb.mask(Sccb.HEADER_SIZE, maskLength);
                if (receiveMask == 0 || (selection & ~receiveMask) != 0) {
                    sccb.setResponseCode(RC_INVALID_SELECTION_MASK);
                    return;
                }
                break;
            default:
                sccb.setResponseCode(RC_INVALID_FUNCTION);
                return;
        }
        sccb.setResponseCode(readEvents(sccb, selection));
    }

    /**
     * WRITE EVENT DATA ({@code write_event_data}): checks the buffer chain, then offers each buffer
     * to the children; none accepts guest buffers here, so the first gets 0x40f0 and every later
     * one loses its accepted flag.
     *
     * @param sccb the private copy
     */
    void writeEventData(final Sccb sccb) {
        if (sccb.functionCode() != FC_NORMAL_WRITE) {
            sccb.setResponseCode(RC_INVALID_FUNCTION);
            return;
        }
        if (sccb.length() < Sccb.HEADER_SIZE) {
            sccb.setResponseCode(RC_INSUFFICIENT_SCCB_LENGTH);
            return;
        }
        int rc = checkWriteLengths(sccb);
        if (rc == RC_NORMAL_COMPLETION) {
            int offset = Sccb.HEADER_SIZE;
            for (int remaining = sccb.dataLength(); remaining > 0;) {
                int length = sccb.u16(offset);
                if (rc != RC_NORMAL_COMPLETION) {
                    sccb.setU8(offset + 3, sccb.u8(offset + 3) & ~BUFFER_ACCEPTED);
                } else {
                    rc = RC_INVALID_FUNCTION; // handle_write_event_buf: no child has a write handler
                }
                offset += length;
                remaining -= length;
            }
        }
        sccb.setResponseCode(rc);
    }

    /** {@code write_event_length_check}. */
    private static int checkWriteLengths(final Sccb sccb) {
        int offset = Sccb.HEADER_SIZE;
        int remaining = sccb.dataLength();
        while (remaining > 0) {
            int length = sccb.u16(offset);
            if (length < EVENT_HEADER_SIZE || length > remaining) {
                return RC_EVENT_BUFFER_SYNTAX_ERROR;
            }
            offset += length;
            remaining -= length;
        }
        return remaining != 0 ? RC_INCONSISTENT_LENGTHS : RC_NORMAL_COMPLETION;
    }

    /**
     * {@code handle_sccb_read_events}: clears the first buffer's length, lets each child whose
     * send mask meets the selection append its event, then applies a variable-length response
     * (the bit is cleared and the length becomes what was used).
     */
    private int readEvents(final Sccb sccb, final long selection) {
        int offset = Sccb.HEADER_SIZE;
        sccb.setU16(offset, 0);
        int remaining = sccb.dataLength();
        int rc = RC_NO_EVENT_BUFFERS_STORED;
        if ((selection & QUIESCE_SEND_MASK) != 0 && remaining >= SIGNAL_QUIESCE_SIZE && quiescePending) {
            // sclpquiesce's read_event_data; the reserved bytes are left as the guest wrote them
            quiescePending = false;
            sccb.setU16(offset, SIGNAL_QUIESCE_SIZE);
            sccb.setU8(offset + 2, TYPE_SIGNAL_QUIESCE);
            sccb.setU8(offset + 3, sccb.u8(offset + 3) | BUFFER_ACCEPTED);
            sccb.setU16(offset + 6, 0); // timeout: system_powerdown has none, and Linux ignores it
            sccb.setU8(offset + 8, 0); // unit
            remaining -= SIGNAL_QUIESCE_SIZE;
            rc = RC_NORMAL_COMPLETION;
        }
        // sclp-cpu-hotplug would come next; without CPU hotplug it never has an event
        if ((sccb.controlMask2() & Sccb.VARIABLE_LENGTH_RESPONSE) != 0) {
            sccb.setControlMask2(sccb.controlMask2() & ~Sccb.VARIABLE_LENGTH_RESPONSE);
            sccb.setLength(Sccb.SCCB_SIZE - remaining);
        }
        return rc;
    }
}
