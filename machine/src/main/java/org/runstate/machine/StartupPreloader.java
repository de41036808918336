package org.runstate.machine;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises, on a second thread, the classes the launcher needs after option parsing
 * (the machine, the QMP server, JSON, logging, queues), while the main thread parses options.
 * Start-up to the QMP greeting is mostly class loading; on two cores this overlaps the two halves.
 * Purely an optimisation: a class that fails here is loaded again, normally, where it is used.
 */
final class StartupPreloader {
    private static final List<String> CLASSES = List.of(
            "org.runstate.qmp.schema.QapiSchema", // parses the run-state schema in its initialiser
            "org.runstate.core.Machine",
            "org.runstate.core.MainLoop",
            "org.runstate.core.event.EventBus",
            "org.jctools.queues.MpscUnboundedXaddArrayQueue",
            "org.jctools.queues.MpscArrayQueue",
            "org.runstate.qmp.QmpServer",
            "org.runstate.qmp.QmpCommandTable",
            "org.runstate.qmp.QmpSession",
            "org.runstate.qmp.SocketListener",
            "org.runstate.qmp.json.JsonStreamer",
            "org.runstate.qmp.json.QmpJsonWriter",
            "com.fasterxml.jackson.databind.node.JsonNodeFactory",
            "com.fasterxml.jackson.core.JsonFactory",
            "org.runstate.pc.PcPlatform",
            // the JDK's unix-socket support seeds a SecureRandom in its initialiser (security
            // providers, ~15 ms), which the first -qmp/-chardev socket would otherwise wait for
            "sun.nio.ch.UnixDomainSockets");

    private StartupPreloader() {
    }

    /** Starts the preloading thread; returns at once. */
    static void start() {
        Thread t = new Thread(StartupPreloader::preload, "class-preload");
        t.setDaemon(true);
        t.start();
    }

    private static void preload() {
        LoggerFactory.getLogger(StartupPreloader.class); // binds the SLF4J provider
        ClassLoader loader = StartupPreloader.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // an optimisation only: the real use reports any problem
            }
        }
    }
}
