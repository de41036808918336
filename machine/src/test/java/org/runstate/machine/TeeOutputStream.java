package org.runstate.machine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Copies what the launcher writes (its stderr) to the console and to a buffer a test reads. */
public final class TeeOutputStream extends OutputStream {
    private final OutputStream console;
    private final ByteArrayOutputStream captured;

    /**
     * @param console where the output still goes
     * @param captured the copy; writes are synchronised on it, so a test may read it meanwhile
     */
    public TeeOutputStream(final OutputStream console, final ByteArrayOutputStream captured) {
        this.console = console;
        this.captured = captured;
    }

    @Override
    public void write(final int x) throws IOException {
        console.write(x);
        synchronized (captured) {
            captured.write(x);
        }
    }

    @Override
    public void write(final byte[] buf, final int off, final int len) throws IOException {
        console.write(buf, off, len);
        synchronized (captured) {
            captured.write(buf, off, len);
        }
    }
}
