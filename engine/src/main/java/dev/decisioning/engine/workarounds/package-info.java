/** Drools workarounds and speed-ups that reach into Drools' internals; each one exists for a reason its class names, and each has a test that fails when it stops taking effect. */
package dev.decisioning.engine.workarounds;
