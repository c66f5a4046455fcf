/** The engine behind the API, built on Drools: compiles rule sets once and runs the customer decision pipeline. */
package dev.decisioning.engine.drools;
