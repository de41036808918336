package org.runstate.machine;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -daemonize} for a JVM, which cannot fork: the process re-executes itself as a child in a
 * new session ({@code setsid}), with standard input from /dev/null and standard error piped back.
 * The parent relays the child's messages and exits 0 once the child reports that its monitors are
 * ready, or 1 when the child ends first (its error messages have been relayed), as QEMU's parent
 * does. The child then sends nothing more on the parent's streams (QEMU points them at /dev/null).
 * Descriptors other than 0-2 are not inherited by the child, so {@code fd=} sockets cannot be
 * combined with {@code -daemonize}.
 */
final class Daemon {
    /** Set in the child's environment. */
    static final String CHILD_ENV = "RUNSTATE_DAEMON_CHILD";
    /** The line the child writes on its standard error when it is ready; never shown. */
    private static final String READY = "\u0000runstate-daemon-ready";

    private Daemon() {
    }

    /**
     * Whether this process is the daemon child.
     *
     * @return true in the child
     */
    static boolean isChild() {
        return System.getenv(CHILD_ENV) != null;
    }

    /**
     * In the parent: starts the child with the same JVM options and arguments, relays its
     * messages and returns the parent's exit status.
     *
     * @param mainClass the class whose main to run
     * @param args the program arguments
     * @return 0 once the child is ready, 1 if it ended before
     */
    static int runParent(final Class<?> mainClass, final String[] args) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(CHILD_ENV, "1");
        Process child;
        try {
            child = pb.start();
        } catch (IOException e) {
            System.err.println(RunstateVm.programName() + ": cannot start the daemon process: " + e.getMessage());
            return 1;
        }
        try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                if (line.equals(READY)) {
                    return 0;
                }
                System.err.println(line);
            }
        } catch (IOException e) {
            // the child went away: reported below
        }
        try {
            child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 1;
    }

    /** In the child, once the monitors are ready: tells the parent and goes quiet on its streams. */
    static void childReady() {
        System.err.println(READY);
        System.err.flush();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        System.setErr(quiet);
        System.setOut(quiet);
    }
}
