/** Time and step budgets: running a call under one, and stopping it when it runs past. */
package dev.decisioning.engine.budget;
