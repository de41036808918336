/**
 * The embedding guide's complete example: a toy emulator with its own vCPU engine
 * ({@link org.runstate.docs.example.ToyCpu}), a panic device, a watchdog on the virtual clock, and
 * the wiring into a {@code Machine} ({@link org.runstate.docs.example.ToyEmulator}). docs/embedding.md
 * quotes these sources whole.
 */
package org.runstate.docs.example;
