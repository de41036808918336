package org.runstate.s390;

/**
 * SERVICE CALL as QEMU 7.2 handles it ({@code sclp_service_call}, {@code sclp_execute},
 * {@code service_interrupt} in hw/s390x/sclp.c): program checks first, then a private copy of
 * the SCCB, the command, the write-back and, after every completed call, a service-signal
 * external interruption. Guarded by the owning machine's lock.
 */
final class Sclp {
    /** {@code SCLP_CMD_CODE_MASK}: byte 2 of a command word is ignored. */
    static final long CMD_CODE_MASK = 0xffff_00ffL;
    /** {@code SCLP_CMDW_READ_SCP_INFO}. */
    static final long CMD_READ_SCP_INFO = 0x0002_0001L;
    /** {@code SCLP_CMDW_READ_SCP_INFO_FORCED}. */
    static final long CMD_READ_SCP_INFO_FORCED = 0x0012_0001L;
    /** {@code SCLP_CMDW_READ_CPU_INFO}. */
    static final long CMD_READ_CPU_INFO = 0x0001_0001L;
    /** {@code SCLP_CMDW_CONFIGURE_IOA}. */
    static final long CMD_CONFIGURE_IOA = 0x001a_0001L;
    /** {@code SCLP_CMDW_DECONFIGURE_IOA}. */
    static final long CMD_DECONFIGURE_IOA = 0x001b_0001L;
    /** {@code SCLP_CMD_READ_EVENT_DATA}. */
    static final long CMD_READ_EVENT_DATA = 0x0077_0005L;
    /** {@code SCLP_CMD_WRITE_EVENT_DATA}. */
    static final long CMD_WRITE_EVENT_DATA = 0x0076_0005L;
    /** {@code SCLP_CMD_WRITE_EVENT_MASK}. */
    static final long CMD_WRITE_EVENT_MASK = 0x0078_0005L;

    /** {@code SCLP_RC_SCCB_BOUNDARY_VIOLATION}. */
    static final int RC_SCCB_BOUNDARY_VIOLATION = 0x0100;
    /** {@code SCLP_RC_INVALID_SCLP_COMMAND}. */
    static final int RC_INVALID_SCLP_COMMAND = 0x01f0;

    /** Every CPU's prefix after reset; SIGP SET PREFIX is not modelled. */
    private static final long PREFIX = 0;
    private static final long PAGE_SIZE = 4096;

    private final GuestMemory memory;
    private final SclpEventFacility events;
    private final FloatingInterrupts flic;

    Sclp(final GuestMemory memory, final SclpEventFacility events, final FloatingInterrupts flic) {
        this.memory = memory;
        this.events = events;
        this.flic = flic;
    }

    /**
     * One SERVICE CALL by {@code cpu}.
     *
     * @param cpu the calling CPU (its PSW decides the privilege check)
     * @param sccbAddr the SCCB's real (= absolute) address, register R2's value
     * @param commandWord the SCLP command word, register R1's value (its low 32 bits count)
     * @return the condition code (always 0)
     * @throws ProgramException instead of completing: privileged operation in problem state;
     *     addressing when the SCCB is not in RAM; specification for an SCCB in the first 8 KiB or
     *     the prefix area, not doubleword aligned or at or above 2 GiB, or shorter than its header
     * @throws UnsupportedOperationException for valid commands the model does not implement
     *     (read SCP/CPU info, (de)configure I/O adapter); nothing has happened then
     */
    int serviceCall(final S390Cpu cpu, final long sccbAddr, final long commandWord) throws ProgramException {
        long code = commandWord & 0xffff_ffffL; // HELPER(servc) passes a uint32_t
        if (cpu.psw().isProblemState()) {
            throw new ProgramException(Lowcore.PGM_PRIVILEGED);
        }
        if (!memory.isRam(sccbAddr)) {
            throw new ProgramException(Lowcore.PGM_ADDRESSING);
        }
        long page2 = sccbAddr & ~0x1fffL;
        if (page2 == 0 || page2 == PREFIX || (sccbAddr & ~0x7fff_fff8L) != 0) {
            throw new ProgramException(Lowcore.PGM_SPECIFICATION);
        }
        int length = (int) memory.read(sccbAddr, 2);
        if (length < Sccb.HEADER_SIZE) {
            throw new ProgramException(Lowcore.PGM_SPECIFICATION);
        }
        long command = code & CMD_CODE_MASK;
        boolean valid = isValid(command);
        if (valid && !isModelled(command)) {
            throw new UnsupportedOperationException(
                    String.format("SCLP command 0x%08x is not modelled", code));
        }
        Sccb work = Sccb.copyFrom(memory, sccbAddr, length);
        if (!valid) {
            work.setResponseCode(RC_INVALID_SCLP_COMMAND);
        } else if (!withinPage(sccbAddr, length)) {
            work.setResponseCode(RC_SCCB_BOUNDARY_VIOLATION);
        } else {
            execute(work, command);
        }
        work.writeBack(memory, sccbAddr);
        serviceInterrupt(sccbAddr);
        return 0;
    }

    /**
     * {@code service_interrupt}: parameter = SCCB address with its two low bits cleared, plus 1
     * when an event is pending for the guest's receive mask; nothing at all when that is 0 (so a
     * powerdown the guest has not registered for raises no interruption).
     *
     * @param sccbAddr the completed SCCB's address, or 0 for an unsolicited signal
     */
    void serviceInterrupt(final long sccbAddr) {
        long param = (sccbAddr & ~3L & 0xffff_ffffL) | (events.eventPending() ? 1 : 0);
        if (param != 0) {
            flic.injectService(param);
        }
    }

    private void execute(final Sccb work, final long command) {
        if (command == CMD_READ_EVENT_DATA) {
            events.readEventData(work);
        } else if (command == CMD_WRITE_EVENT_DATA) {
            events.writeEventData(work);
        } else {
            events.writeEventMask(work);
        }
    }

    /** {@code sclp_command_code_valid}. */
    private static boolean isValid(final long command) {
        return command == CMD_READ_SCP_INFO || command == CMD_READ_SCP_INFO_FORCED
                || command == CMD_READ_CPU_INFO || command == CMD_CONFIGURE_IOA
                || command == CMD_DECONFIGURE_IOA || isModelled(command);
    }

    private static boolean isModelled(final long command) {
        return command == CMD_READ_EVENT_DATA || command == CMD_WRITE_EVENT_DATA
                || command == CMD_WRITE_EVENT_MASK;
    }

    /** {@code sccb_verify_boundary} for the event commands: the SCCB may not cross a 4 KiB page. */
    private static boolean withinPage(final long sccbAddr, final int length) {
        long last = sccbAddr + length - 1;
        long boundary = (sccbAddr & ~(PAGE_SIZE - 1)) + PAGE_SIZE;
        return last < boundary;
    }
}
