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
        List<CliError> failures = new ArrayList<>();
        if (accels.isEmpty()) {
            String list = c.machine.getOrDefault("accel", "tcg");
            for (String a : list.split(":")) {
                if (KNOWN.contains(a)) {
                    accels.add(c.opts.parse(OptsList.ACCEL, a, true, null));
                } else {
                    failures.add(new CliError("invalid accelerator " + a));
                }
            }
        } else if (c.machine.containsKey("accel")) {
            throw new CliError("The -accel and \"-machine accel=\" options are incompatible");
        }
        for (Opts o : accels) {
            String a = o.get("accel");
            if (!KNOWN.contains(a)) {
                failures.add(new CliError(o.location(), "invalid accelerator " + a, null));
                continue;
            }
            for (String property : o.names()) {
                if (!property.equals("accel") && !(a.equals("tcg") && property.equals("thread"))) {
                    throw new CliError(o.location(), "Property '" + a + "-accel." + property + "' not found", null);
                }
            }
            failures.forEach(f -> report.accept(f.report()));
            if (!failures.isEmpty() && c.qtestChardev == null) {
                report.accept("falling back to " + a);
            }
            return a;
        }
        if (failures.isEmpty()) {
            throw new CliError("no accelerator found");
        }
        // QEMU prints each failure as it tries the accelerators, then exits 1
        failures.subList(0, failures.size() - 1).forEach(f -> report.accept(f.report()));
        throw failures.get(failures.size() - 1);
    }
}
