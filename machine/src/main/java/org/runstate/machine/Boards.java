package org.runstate.machine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.runstate.machine.cli.CliError;

/** The machine types runstate-vm builds, and the help texts that list them. */
final class Boards {
    private static final List<Supplier<Board>> ALL = List.of(PcBoard::new, NoneBoard::new, S390Board::new);
    /** QEMU's device categories in {@code -device help} order. */
    private static final List<String> CATEGORIES = List.of("Controller/Bridge/Hub", "USB", "Storage", "Network",
            "Input", "Display", "Sound", "Misc", "CPU", "Watchdog", "Uncategorized");

    private Boards() {
    }

    /** @return a fresh instance of every board (boards hold per-machine state once configured) */
    static List<Board> all() {
        return ALL.stream().map(Supplier::get).toList();
    }

    /** @return the default machine type */
    static Board defaultBoard() {
        return new PcBoard();
    }

    /**
     * The board named {@code type} (or aliased so).
     *
     * @param type the {@code -machine} type
     * @return a fresh board
     * @throws CliError QEMU's "unsupported machine type" with its hint
     */
    static Board find(final String type) {
        for (Board b : all()) {
            if (b.name().equals(type) || type.equals(b.alias())) {
                return b;
            }
        }
        throw new CliError(null, "unsupported machine type", "Use -machine help to list supported machines\n");
    }

    /** @return {@code -machine help}'s text */
    static String machinesHelp() {
        StringBuilder sb = new StringBuilder("Supported machines are:\n");
        Board def = defaultBoard();
        for (Board b : all()) {
            if (b.alias() != null) {
                sb.append(String.format(Locale.ROOT, "%-20s %s (alias of %s)\n", b.alias(), b.description(), b.name()));
            }
            sb.append(String.format(Locale.ROOT, "%-20s %s%s\n", b.name(), b.description(),
                    b.name().equals(def.name()) ? " (default)" : ""));
        }
        return sb.toString();
    }

    /**
     * {@code -device help}: the device types of every board, by QEMU's categories.
     *
     * @return the text
     */
    static String devicesHelp() {
        List<DeviceType> types = new ArrayList<>();
        for (Board b : all()) {
            for (DeviceType t : b.deviceTypes()) {
                if (types.stream().noneMatch(x -> x.name().equals(t.name()))) {
                    types.add(t);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String category : CATEGORIES) {
            List<DeviceType> in = types.stream().filter(t -> t.category().equals(category))
                    .sorted(Comparator.comparing(t -> t.name().toLowerCase(Locale.ROOT))).toList();
            if (!in.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "\n").append(category).append(" devices:\n");
                in.forEach(t -> sb.append(t.listLine()).append('\n'));
            }
        }
        return sb.toString();
    }

    /**
     * {@code -device NAME,help}.
     *
     * @param model the device name
     * @return the text, or null when no board has it
     */
    static String deviceHelp(final String model) {
        for (Board b : all()) {
            DeviceType t = b.deviceType(model);
            if (t != null) {
                return t.propertiesHelp();
            }
        }
        return null;
    }

    /**
     * {@code -cpu help} for a board.
     *
     * @param board the board
     * @return the text
     */
    static String cpusHelp(final Board board) {
        StringBuilder sb = new StringBuilder("Available CPUs:\n");
        String arch = board.cpuTypeSuffix().equals(X86Cpus.TYPE_SUFFIX) ? "x86" : "s390";
        for (String m : board.cpuModels()) {
            sb.append(String.format(Locale.ROOT, "%s %-20s  %s\n", arch, m, board.cpuDescription(m)));
        }
        return sb.toString();
    }
}
