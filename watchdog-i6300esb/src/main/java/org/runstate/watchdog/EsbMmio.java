package org.runstate.watchdog;

import java.util.Objects;
import org.runstate.device.IoRegion;

/**
 * BAR0, the 16 bytes of memory-mapped registers ({@code i6300esb_ops}: little-endian, valid
 * accesses 1 to 4 bytes, aligned; the handler is chosen by access width and checks the offset
 * itself). Unaligned and 8-byte accesses never get here: the address space rejects them (reads 0,
 * writes dropped), as QEMU's memory core does.
 *
 * <p>Registers: 0x00/0x04 stage-1/stage-2 preloads (20 bits, written only by 32-bit accesses),
 * 0x08 GINTSR (not modelled), 0x0C reload: 0x80 then 0x86 unlock the next write; a 16-bit write
 * there with bit 8 reloads stage 1 (the ping) and with bit 9 or bit 12 clears the "rebooted" flag.
 */
final class EsbMmio implements IoRegion {
    /** Size of BAR0. */
    static final int SIZE = 0x10;
    /** {@code ESB_TIMER1_REG}. */
    static final int TIMER1_REG = 0x00;
    /** {@code ESB_TIMER2_REG}. */
    static final int TIMER2_REG = 0x04;
    /** {@code ESB_RELOAD_REG}, also the unlock port. */
    static final int RELOAD_REG = 0x0c;
    /** {@code ESB_UNLOCK1}. */
    static final int UNLOCK1 = 0x80;
    /** {@code ESB_UNLOCK2}. */
    static final int UNLOCK2 = 0x86;
    /** {@code ESB_WDT_RELOAD}: restart stage 1 (keep-alive). */
    static final int RELOAD = 0x100;
    /** {@code ESB_WDT_TIMEOUT}: write 1 to clear the "rebooted" flag. */
    static final int TIMEOUT = 0x200;
    /** Old Linux drivers cleared and tested bit 12, so QEMU clears on it and reports it too. */
    static final int TIMEOUT_OLD_LINUX = 0x1000;

    private final Object lock;
    private final EsbState state;
    private final EsbCountdown countdown;

    EsbMmio(final Object lock, final EsbState state, final EsbCountdown countdown) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.state = Objects.requireNonNull(state, "state");
        this.countdown = Objects.requireNonNull(countdown, "countdown");
    }

    /**
     * {@code i6300esb_mem_readb/w/l}: only a 16-bit read of 0x0C returns something, 0x1200 (bits 9
     * and 12) after a watchdog expiry; every other read, the preloads included, returns 0. Reads
     * never change the unlock state.
     *
     * @param offset 0..15
     * @param size 1, 2 or 4
     * @return the value
     */
    @Override
    public long read(final long offset, final int size) {
        synchronized (lock) {
            if (size == 2 && offset == RELOAD_REG && state.previousRebootFlag) {
                return TIMEOUT | TIMEOUT_OLD_LINUX;
            }
            return 0;
        }
    }

    /**
     * {@code i6300esb_mem_writeb/w/l}: the unlock state machine, then the unlocked write.
     *
     * @param offset 0..15
     * @param size 1, 2 or 4
     * @param value the value
     */
    @Override
    public void write(final long offset, final int size, final long value) {
        int val = (int) value;
        synchronized (lock) {
            if (offset == RELOAD_REG && val == UNLOCK1) {
                state.unlockState = 1; // from any state, 2 included
            } else if (offset == RELOAD_REG && val == UNLOCK2 && state.unlockState == 1) {
                state.unlockState = 2;
            } else if (size != 1 && state.unlockState == 2) {
                // a locked 16/32-bit write is ignored and leaves the sequence as it was; an
                // unlocked one is consumed whatever its offset (8-bit writes only unlock)
                if (size == 2) {
                    unlockedWordWrite(offset, val);
                } else {
                    unlockedLongWrite(offset, val);
                }
                state.unlockState = 0;
            }
        }
    }

    /** Only the reload register reacts: ping and/or flag clear (both bits may be set at once). */
    private void unlockedWordWrite(final long offset, final int val) {
        if (offset != RELOAD_REG) {
            return;
        }
        if ((val & RELOAD) != 0) {
            countdown.restart(1); // a no-op while disabled, but the unlock is still consumed
        }
        if ((val & (TIMEOUT | TIMEOUT_OLD_LINUX)) != 0) {
            state.previousRebootFlag = false;
        }
    }

    /** Preloads take effect at the next (re)start of their stage, not on the running countdown. */
    private void unlockedLongWrite(final long offset, final int val) {
        if (offset == TIMER1_REG) {
            state.timer1Preload = val & EsbState.PRELOAD_MASK;
        } else if (offset == TIMER2_REG) {
            state.timer2Preload = val & EsbState.PRELOAD_MASK;
        }
    }

    @Override
    public int validMaxSize() {
        return 4; // .valid.max_access_size = 4: readq/writeq are rejected
    }
}
