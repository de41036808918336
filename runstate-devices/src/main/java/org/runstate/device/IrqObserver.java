package org.runstate.device;

/**
 * Sees every level set on the lines of a device whose GPIOs are intercepted (qtest's
 * {@code irq_intercept_in}/{@code irq_intercept_out}), after the line's own receiver got it.
 */
@FunctionalInterface
public interface IrqObserver {
    /**
     * A level was set.
     *
     * @param n the line's index among the device's unnamed inputs (or outputs)
     * @param level the level as set
     */
    void levelSet(int n, int level);
}
