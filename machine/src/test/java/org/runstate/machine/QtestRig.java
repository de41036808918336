package org.runstate.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.runstate.core.ActionCommandLine;
import org.runstate.core.Machine;
import org.runstate.core.NmiHandler;
import org.runstate.core.clock.VirtualClock;
import org.runstate.pc.PcPlatform;
import org.runstate.core.vcpu.VcpuEngine;

/**
 * A started machine as {@code -accel qtest} builds it, with one qtest protocol driven line by
 * line on the control thread, as the qtest server does. Everything the protocol sends, the
 * asynchronous {@code IRQ} lines and the replies, lands in one transcript in sending order.
 */
final class QtestRig implements AutoCloseable {
    final Machine machine;
    final PcPlatform platform;
    private final QtestProtocol protocol;
    private final List<String> transcript = new ArrayList<>();

    private QtestRig(final Machine machine, final PcPlatform platform, final GuestIo io) {
        this.machine = machine;
        this.platform = platform;
        machine.start();
        protocol = new QtestProtocol(machine, io, words -> null, this::record);
        protocol.connectionOpened();
    }

    private static Machine.Builder builder() {
        return Machine.builder().clockMode(VirtualClock.Mode.STEPPED).engine(VcpuEngine.IDLE)
                .wakeupSupported(true).nmi(NmiHandler.ALL_VCPUS)
                .actions(new ActionCommandLine().action("panic=pause").toCommand());
    }

    /** {@code -M pc} with 128 MiB. */
    static QtestRig pc() {
        return pc(PcPlatform.DEFAULT_RAM, p -> { });
    }

    /** {@code -M pc -m ramBytes} with the devices {@code plug} adds. */
    static QtestRig pc(final long ramBytes, final Consumer<PcPlatform> plug) {
        Machine m = builder().build();
        PcPlatform p = PcPlatform.install(m, ramBytes);
        plug.accept(p);
        return new QtestRig(m, p, new PcGuestIo(p));
    }

    /** {@code -M pc} with 128 MiB and this firmware configuration ({@code -rtc}, {@code -boot}). */
    static QtestRig pc(final PcPlatform.Config config) {
        Machine m = builder().build();
        PcPlatform p = PcPlatform.install(m, PcPlatform.DEFAULT_RAM, config);
        return new QtestRig(m, p, new PcGuestIo(p));
    }

    /** A machine with the given guest I/O and no pc platform ({@code -M none}, s390). */
    static QtestRig with(final GuestIo io) {
        return new QtestRig(builder().build(), null, io);
    }

    private synchronized void record(final String line) {
        transcript.add(line);
    }

    /**
     * Sends one line and returns the reply.
     *
     * @param line the command
     * @return the reply
     */
    String send(final String line) {
        String reply = machine.submit(() -> protocol.handle(line)).join();
        record(reply);
        return reply;
    }

    /** Sends each line in turn. */
    void sendAll(final String... lines) {
        for (String l : lines) {
            send(l);
        }
    }

    /**
     * Sends each line of {@code dialogue} in turn, as a qtest log shows them; where a line reads
     * {@code command -> reply}, asserts that the reply is exactly that.
     */
    void assertDialogue(final String dialogue) {
        for (String line : dialogue.strip().split("\n")) {
            int arrow = line.indexOf(" -> ");
            String command = (arrow < 0 ? line : line.substring(0, arrow)).strip();
            String reply = send(command);
            if (arrow >= 0) {
                assertThat(reply).as(command).isEqualTo(line.substring(arrow + " -> ".length()).strip());
            }
        }
    }

    /** Sends {@code line} and returns what it produced: asynchronous lines, then the reply. */
    List<String> exchange(final String line) {
        int from;
        synchronized (this) {
            from = transcript.size();
        }
        send(line);
        synchronized (this) {
            return List.copyOf(transcript.subList(from, transcript.size()));
        }
    }

    /** Everything sent so far, in order. */
    synchronized List<String> transcript() {
        return List.copyOf(transcript);
    }

    /** A new client connection, as the server reports it. */
    void reconnect() {
        protocol.connectionOpened();
    }

    @Override
    public void close() {
        machine.close();
    }
}
