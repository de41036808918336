package org.runstate.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.runstate.core.qapi.PanicAction;
import org.runstate.core.qapi.QapiEnum;
import org.runstate.core.qapi.QapiEnums;
import org.runstate.core.qapi.RebootAction;
import org.runstate.core.qapi.SetActionCommand;
import org.runstate.core.qapi.ShutdownAction;
import org.runstate.core.qapi.WatchdogAction;

/**
 * QEMU's action options, merged the way vl.c does it: {@code -action k=v[,k=v]} (repeatable, merged,
 * the last occurrence of a key wins), {@code -no-reboot} = {@code reboot=shutdown},
 * {@code -no-shutdown} = {@code shutdown=pause}, {@code -watchdog-action X} = {@code watchdog=X}.
 * The result is applied like the {@code set-action} command, so bad values give the QMP
 * visitor's messages.
 */
public final class ActionCommandLine {
    private static final String[] KEYS = {"shutdown", "reboot", "panic", "watchdog"};

    private final Map<String, String> merged = new LinkedHashMap<>();

    /**
     * Adds one {@code -action} argument.
     *
     * @param keyValues for example {@code "reboot=shutdown,panic=pause"}
     * @return this
     * @throws IllegalArgumentException with QEMU's message, for example {@code Invalid parameter 'foo'}
     */
    public ActionCommandLine action(final String keyValues) {
        for (String kv : keyValues.split(",", -1)) {
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv : kv.substring(0, eq);
            if (!isKey(key)) {
                throw new IllegalArgumentException("Invalid parameter '" + key + "'");
            }
            if (eq < 0) {
                throw new IllegalArgumentException("Parameter '" + key + "' expects a value");
            }
            merged.put(key, kv.substring(eq + 1));
        }
        return this;
    }

    /**
     * {@code -no-reboot}.
     *
     * @return this
     */
    public ActionCommandLine noReboot() {
        merged.put("reboot", "shutdown");
        return this;
    }

    /**
     * {@code -no-shutdown}.
     *
     * @return this
     */
    public ActionCommandLine noShutdown() {
        merged.put("shutdown", "pause");
        return this;
    }

    /**
     * {@code -watchdog-action}.
     *
     * @param action the value as typed
     * @return this
     */
    public ActionCommandLine watchdogAction(final String action) {
        merged.put("watchdog", action);
        return this;
    }

    /**
     * The merged options as a {@code set-action} command.
     *
     * @return the command
     * @throws IllegalArgumentException with QEMU's message for a value the enum does not have:
     *     {@code Parameter 'panic' does not accept value 'foo'}
     */
    public SetActionCommand toCommand() {
        return new SetActionCommand(
                value("reboot", RebootAction.class), value("shutdown", ShutdownAction.class),
                value("panic", PanicAction.class), value("watchdog", WatchdogAction.class));
    }

    private <E extends Enum<E> & QapiEnum> E value(final String key, final Class<E> type) {
        String v = merged.get(key);
        if (v == null) {
            return null;
        }
        return QapiEnums.fromWireName(type, v).orElseThrow(
                () -> new IllegalArgumentException("Parameter '" + key + "' does not accept value '" + v + "'"));
    }

    private static boolean isKey(final String key) {
        for (String k : KEYS) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }
}
