package org.runstate.machine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the launcher logs (SLF4J's simple logger writes to {@code System.err}) while it
 * still reaches the console; {@link #close()} puts the original stream back.
 */
public final class StderrCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    /** Its methods are synchronised, so a test may read it while the launcher writes. */
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private StderrCapture() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(final int b) {
                original.write(b);
                captured.write(b);
            }

            @Override
            public void write(final byte[] buf, final int off, final int len) {
                original.write(buf, off, len);
                captured.write(buf, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /**
     * Starts capturing.
     *
     * @return the capture; close it to stop
     */
    public static StderrCapture start() {
        return new StderrCapture();
    }

    /**
     * What was logged so far.
     *
     * @return the text
     */
    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
