/**
 * The shared test kit: {@link org.runstate.testkit.MachineRig}, a started machine driven the way
 * QMP, qtest and a guest drive it, with an event recorder; and {@link org.runstate.testkit.LineClient},
 * the one line-oriented unix-socket client for QMP and qtest.
 */
package org.runstate.testkit;
