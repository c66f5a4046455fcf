/** The facts rules reason over: customers, orders, the moment of the decision, and what rules derive from them. */
package dev.decisioning.engine.facts;
