package org.runstate.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.runstate.machine.cli.CliError;
import org.runstate.machine.cli.LaunchConfig;
import org.runstate.machine.cli.Opts;
import org.runstate.machine.cli.OptsList;

/**
 * {@code configure_accelerators}: {@code -accel} options, or {@code -machine accel=a:b}, tried in
 * order. runstate-vm has {@code tcg} (its built-in vCPU engine stands in for guest code) and
 * {@code qtest}; others are "invalid accelerator" and the next one is tried, as in QEMU.
 */
final class Accelerators {
    private static final List<String> KNOWN = List.of("tcg", "qtest");

    private Accelerators() {
    }

    /**
     * Picks the accelerator.
     *
     * @param c the configuration
     * @param report prints a located message line
     * @return {@code tcg} or {@code qtest}
     * @throws CliError when none works
     */
    static String choose(final LaunchConfig c, final Consumer<String> report) {
        List<Opts> accels = new ArrayList<>(c.opts.all(OptsList.ACCEL));
        boolean initFailed = false;
        if (accels.isEmpty()) {
            String list = c.machine.getOrDefault("accel", "tcg");
            for (String a : list.split(":")) {
                if (KNOWN.contains(a)) {
                    accels.add(c.opts.parse(OptsList.ACCEL, a, true, null));
                } else {
                    initFailed = true;
                    report.accept("invalid accelerator " + a);
                }
            }
        } else if (c.machine.containsKey("accel")) {
            throw new CliError("The -accel and \"-machine accel=\" options are incompatible");
        }
        for (Opts o : accels) {
            String a = o.get("accel");
            if (!KNOWN.contains(a)) {
                initFailed = true;
                report.accept((o.location() == null ? "" : o.location() + ": ") + "invalid accelerator " + a);
                continue;
            }
            for (String property : o.names()) {
                if (!property.equals("accel") && !(a.equals("tcg") && property.equals("thread"))) {
                    throw new CliError(o.location(), "Property '" + a + "-accel." + property + "' not found", null);
                }
            }
            if (initFailed && c.qtestChardev == null) {
                report.accept("falling back to " + a);
            }
            return a;
        }
        if (!initFailed) {
            throw new CliError("no accelerator found");
        }
        throw new CliError(""); // QEMU exits 1 after the "invalid accelerator" lines alone
    }
}
