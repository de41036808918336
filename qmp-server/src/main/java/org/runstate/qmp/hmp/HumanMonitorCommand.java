package org.runstate.qmp.hmp;

import java.util.Map;
import org.runstate.core.Machine;
import org.runstate.qmp.QmpCommand;
import org.runstate.qmp.QmpError;

/**
 * The QMP command {@code human-monitor-command} ({@code qmp_human_monitor_command} in
 * monitor/misc.c): runs one HMP command line on a fresh monitor and returns what it printed, with
 * CRLF line ends. The optional {@code cpu-index} must name an existing vCPU.
 */
final class HumanMonitorCommand implements QmpCommand.Handler {
    private final Machine machine;
    private final HmpInterpreter interpreter;

    /**
     * The command for one machine.
     *
     * @param machine the machine, for its vCPUs
     * @param interpreter runs the command lines
     */
    HumanMonitorCommand(final Machine machine, final HmpInterpreter interpreter) {
        this.machine = machine;
        this.interpreter = interpreter;
    }

    @Override
    public Object run(final Map<String, Object> args) {
        Long cpuIndex = (Long) args.get("cpu-index");
        // monitor_set_cpu takes an int: QEMU truncates the 64-bit argument
        if (cpuIndex != null && !isVcpu(cpuIndex.intValue())) {
            throw QmpError.generic("Parameter 'cpu-index' expects a CPU number");
        }
        HmpOutput out = new HmpOutput();
        interpreter.execute((String) args.get("command-line"), out);
        return out.text();
    }

    private boolean isVcpu(final int index) {
        return index >= 0 && index < machine.vcpus().vcpus().size();
    }
}
