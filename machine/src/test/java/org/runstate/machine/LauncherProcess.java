package org.runstate.machine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * runstate-vm as a separate process, started as the launcher script starts it (the same JVM
 * options and program name) but from the test class path, so it runs before the jar is packaged.
 */
final class LauncherProcess {
    private LauncherProcess() {
    }

    /**
     * The command line for the launcher with these arguments.
     *
     * @param args QEMU-style options
     * @return the command
     */
    static List<String> command(final String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Drunstate.progname=runstate-vm", "-cp", System.getProperty("java.class.path"),
                RunstateVm.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs the launcher to its end.
     *
     * @param args QEMU-style options
     * @return exit status, standard output and standard error
     * @throws IOException if it cannot start
     * @throws InterruptedException if interrupted
     */
    static Result run(final String... args) throws IOException, InterruptedException {
        File out = File.createTempFile("runstate-out", ".txt");
        File err = File.createTempFile("runstate-err", ".txt");
        try {
            Process p = new ProcessBuilder(command(args)).redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("runstate-vm did not exit: " + String.join(" ", args));
            }
            return new Result(p.exitValue(), java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }

    /**
     * A finished launcher process.
     *
     * @param status the exit status
     * @param stdout standard output
     * @param stderr standard error
     */
    record Result(int status, String stdout, String stderr) {
    }
}
