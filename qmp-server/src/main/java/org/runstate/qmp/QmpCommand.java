package org.runstate.qmp;

import java.util.List;
import java.util.Map;
import org.runstate.qmp.schema.QapiSchema.Member;

/**
 * One entry of the QMP command table.
 *
 * @param name the command name
 * @param arguments the arguments in schema order
 * @param allowOob whether {@code exec-oob} may run it (none of the run-state commands can)
 * @param handler runs the command on the machine's control thread with the decoded arguments and
 *     returns the {@code return} value ({@code null} for {@code {}})
 * @param boxed for a boxed command, the struct or union that is its whole argument object
 *     ({@code arguments} is then empty); otherwise {@code null}
 */
public record QmpCommand(String name, List<Member> arguments, boolean allowOob, Handler handler, String boxed) {
    /**
     * A command whose arguments are its members.
     *
     * @param name the command name
     * @param arguments the arguments in schema order
     * @param allowOob whether {@code exec-oob} may run it
     * @param handler the command's body
     */
    public QmpCommand(final String name, final List<Member> arguments, final boolean allowOob, final Handler handler) {
        this(name, arguments, allowOob, handler, null);
    }

    /** The body of a command. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs the command.
         *
         * @param args decoded arguments, see {@link QapiArgumentVisitor#visit}
         * @return the return value, encoded by {@link QapiJsonEncoder}; {@code null} means {@code {}}
         */
        Object run(Map<String, Object> args);
    }
}
