package org.runstate.pc;

import java.util.ArrayDeque;
import java.util.Deque;
import org.runstate.core.SystemRequests;
import org.runstate.device.IoRegion;
import org.runstate.core.qapi.ShutdownCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The i8042 keyboard controller's command side (hw/input/pckbd.c) at ports 0x60/0x64: enough for
 * the guest reset paths (any 0xFx pulse command with bit 0 clear, and an output-port write with
 * bit 0 clear) and the controller's own commands (mode, self test, output port, A20). The PS/2
 * keyboard and mouse behind it are not emulated; bytes for them are logged and dropped.
 */
final class I8042 {
    static final int DATA_PORT = 0x60;
    static final int COMMAND_PORT = 0x64;
    private static final Logger LOG = LoggerFactory.getLogger(I8042.class);
    private static final int STAT_OBF = 0x01;
    private static final int STAT_SELFTEST = 0x04;
    private static final int STAT_CMD = 0x08;
    private static final int STAT_UNLOCKED = 0x10;
    private static final int MODE_DISABLE_KBD = 0x10;
    private static final int MODE_DISABLE_MOUSE = 0x20;
    private static final int OUT_RESET_AND_A20 = 0x01 | 0x02 | 0xcc;

    private final SystemRequests requests;
    private final Deque<Integer> output = new ArrayDeque<>();
    private int status;
    private int mode;
    private int outport;
    private int pendingCommand;
    /** The last byte read from port 0x60; QEMU returns it again when nothing is queued, even after reset. */
    private int obdata;

    I8042(final SystemRequests requests) {
        this.requests = requests;
        reset();
    }

    /** {@code kbd_reset}. */
    synchronized void reset() {
        mode = 0x03;
        status = STAT_CMD | STAT_UNLOCKED;
        outport = OUT_RESET_AND_A20;
        pendingCommand = 0;
        output.clear();
    }

    IoRegion dataPort() {
        return new BytePort() {
            @Override
            public long read(final long offset, final int size) {
                return readData();
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                writeData((int) value & 0xff);
            }
        };
    }

    IoRegion commandPort() {
        return new BytePort() {
            @Override
            public long read(final long offset, final int size) {
                synchronized (I8042.this) {
                    return status;
                }
            }

            @Override
            public void write(final long offset, final int size, final long value) {
                writeCommand((int) value & 0xff);
            }
        };
    }

    private synchronized int readData() {
        Integer b = output.poll();
        if (b != null) {
            obdata = b;
            if (output.isEmpty()) {
                status &= ~STAT_OBF;
            }
        }
        return obdata;
    }

    private void writeCommand(final int value) {
        int cmd = value;
        if ((cmd & 0xf0) == 0xf0) {
            if ((cmd & 1) != 0) {
                return; // a pulse of no line: no-op
            }
            cmd = 0xfe;
        }
        if (cmd == 0xfe) {
            requests.reset(ShutdownCause.GUEST_RESET);
            return;
        }
        synchronized (this) {
            switch (cmd) {
                case 0x20 -> queue(mode);
                case 0x60, 0xd1, 0xd2, 0xd3, 0xd4 -> pendingCommand = cmd;
                case 0xa7 -> mode |= MODE_DISABLE_MOUSE;
                case 0xa8 -> mode &= ~MODE_DISABLE_MOUSE;
                case 0xa9, 0xab -> queue(0x00);
                case 0xaa -> {
                    status |= STAT_SELFTEST;
                    queue(0x55);
                }
                case 0xad -> mode |= MODE_DISABLE_KBD;
                case 0xae -> mode &= ~MODE_DISABLE_KBD;
                case 0xc0 -> queue(0x80);
                case 0xd0 -> queue(outport);
                case 0xdd -> outport &= ~0x02;
                case 0xdf -> outport |= 0x02;
                default -> LOG.debug("i8042: unsupported command 0x{}", Integer.toHexString(cmd));
            }
        }
    }

    private void writeData(final int value) {
        boolean reset = false;
        synchronized (this) {
            switch (pendingCommand) {
                case 0x60 -> mode = value;
                case 0xd1 -> {
                    outport = value;
                    reset = (value & 1) == 0; // the output port's reset line, active low
                }
                case 0xd2, 0xd3 -> queue(value);
                default -> LOG.debug("i8042: byte 0x{} for the PS/2 device dropped (not emulated)",
                        Integer.toHexString(value));
            }
            pendingCommand = 0;
        }
        if (reset) {
            requests.reset(ShutdownCause.GUEST_RESET);
        }
    }

    private void queue(final int b) {
        output.add(b & 0xff);
        status |= STAT_OBF;
    }

    /** A one-byte port. */
    private abstract static class BytePort implements IoRegion {
        @Override
        public int maxAccessSize() {
            return 1;
        }
    }
}
