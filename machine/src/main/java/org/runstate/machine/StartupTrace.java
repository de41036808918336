package org.runstate.machine;

/**
 * Start-up phase times on standard error, for finding where start-up goes: with
 * {@code -Drunstate.startup.trace=true} (in {@code JAVA_TOOL_OPTIONS}, or on the java command
 * line), each phase prints one line "runstate-vm: startup +MS name" in milliseconds since
 * {@code main} began. Off by default: one boolean test per phase.
 */
final class StartupTrace {
    private static final boolean ON = Boolean.getBoolean("runstate.startup.trace");
    private static final long T0 = System.nanoTime();

    private StartupTrace() {
    }

    /**
     * Prints the time since start-up began, when tracing is on.
     *
     * @param phase what has just been done
     */
    static void mark(final String phase) {
        if (ON) {
            long us = (System.nanoTime() - T0) / 1000;
            System.err.println("runstate-vm: startup +" + us / 1000 + "." + us / 100 % 10 + " ms " + phase);
        }
    }
}
