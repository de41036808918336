package org.runstate.device;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A device's unnamed GPIO lines as qdev has them ({@code qdev_init_gpio_in/out}): inputs other
 * devices drive and this device handles, outputs this device drives into whatever they are
 * connected to. Either side can be intercepted once, as qtest does: the line still reaches its
 * handler or target, then the observer sees it ({@code qemu_irq_intercept_in},
 * {@code qdev_intercept_gpio_out} with qtest's forwarding handler).
 *
 * <p>Thread-safe: connections and interception are published atomically; lines may be driven
 * from any thread.
 */
public final class GpioDevice {
    /** What an input does with a level. */
    @FunctionalInterface
    public interface InputHandler {
        /**
         * Handles a level on input {@code n}.
         *
         * @param n the input
         * @param level the level
         */
        void set(int n, int level);
    }

    private final String type;
    private final InputHandler inputs;
    private final int inputCount;
    private final AtomicReferenceArray<IrqLine> outputs;
    private volatile IrqObserver inputObserver;
    private volatile IrqObserver outputObserver;

    /**
     * Creates the lines.
     *
     * @param type the QOM type, for diagnostics
     * @param inputCount how many unnamed inputs
     * @param inputs what the device does with a level on an input
     * @param outputCount how many unnamed outputs, each connected to nothing at first
     */
    public GpioDevice(final String type, final int inputCount, final InputHandler inputs, final int outputCount) {
        this.type = Objects.requireNonNull(type, "type");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.inputCount = inputCount;
        this.outputs = new AtomicReferenceArray<>(outputCount);
        for (int i = 0; i < outputCount; i++) {
            outputs.set(i, IrqLine.NONE);
        }
    }

    /**
     * A device with no unnamed lines (it can still be named in qtest's intercept commands).
     *
     * @param type the QOM type
     * @return the device
     */
    public static GpioDevice withoutLines(final String type) {
        return new GpioDevice(type, 0, (n, level) -> { }, 0);
    }

    /**
     * The QOM type.
     *
     * @return the type name
     */
    public String type() {
        return type;
    }

    /**
     * How many unnamed inputs.
     *
     * @return the count
     */
    public int inputCount() {
        return inputCount;
    }

    /**
     * How many unnamed outputs.
     *
     * @return the count
     */
    public int outputCount() {
        return outputs.length();
    }

    /**
     * Input {@code n} ({@code qdev_get_gpio_in}), for another device to drive.
     *
     * @param n the input, below {@link #inputCount()}
     * @return the line
     */
    public IrqLine input(final int n) {
        Objects.checkIndex(n, inputCount);
        return level -> {
            inputs.set(n, level);
            IrqObserver o = inputObserver;
            if (o != null) {
                o.levelSet(n, level);
            }
        };
    }

    /**
     * Connects output {@code n} ({@code qdev_connect_gpio_out}).
     *
     * @param n the output
     * @param target the line it drives
     */
    public void connectOutput(final int n, final IrqLine target) {
        Objects.checkIndex(n, outputs.length());
        outputs.set(n, Objects.requireNonNull(target, "target"));
    }

    /**
     * Output {@code n} as the device drives it: into its connection, then to an interceptor.
     *
     * @param n the output
     * @return the line
     */
    public IrqLine output(final int n) {
        Objects.checkIndex(n, outputs.length());
        return level -> {
            outputs.get(n).set(level);
            IrqObserver o = outputObserver;
            if (o != null) {
                o.levelSet(n, level);
            }
        };
    }

    /**
     * Intercepts the unnamed inputs: every level set on one also goes to {@code observer}.
     *
     * @param observer the observer
     */
    public void interceptInputs(final IrqObserver observer) {
        inputObserver = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Intercepts the unnamed outputs: every level the device sets also goes to {@code observer}.
     *
     * @param observer the observer
     */
    public void interceptOutputs(final IrqObserver observer) {
        outputObserver = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public String toString() {
        return type;
    }
}
