package org.runstate.machine;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.runstate.machine.cli.CliError;

/**
 * {@code -qtest-log FILE} as softmmu/qtest.c writes it: each request as {@code [R +SECONDS] LINE}
 * and each reply as {@code [S +SECONDS] LINE}, seconds since the log was opened. {@code none}
 * logs nothing; without the option the log goes to standard error.
 */
final class QtestLog {
    private final PrintStream out;
    private final long start = System.nanoTime();

    private QtestLog(final PrintStream out) {
        this.out = out;
    }

    /**
     * Opens the log.
     *
     * @param file the {@code -qtest-log} argument, or null
     * @return the log
     * @throws CliError when the file cannot be opened
     */
    static QtestLog open(final String file) {
        if (file == null) {
            return new QtestLog(System.err);
        }
        if (file.equals("none")) {
            return new QtestLog(null);
        }
        try {
            OutputStream os = new FileOutputStream(file);
            return new QtestLog(new PrintStream(os, true, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new CliError("Failed to open qtest log file '" + file + "': " + e.getMessage());
        }
    }

    /** @param line a request, without its newline */
    void received(final String line) {
        write('R', line);
    }

    /** @param line a reply or asynchronous line, without its newline */
    void sent(final String line) {
        write('S', line);
    }

    private void write(final char direction, final String line) {
        if (out != null) {
            double seconds = (System.nanoTime() - start) / 1e9;
            synchronized (out) {
                out.print(String.format(Locale.ROOT, "[%c +%.6f] %s%n", direction, seconds, line));
            }
        }
    }
}
