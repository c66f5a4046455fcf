/** Running several servers as one: activations made on any server reach every other over the clustered event bus. */
package dev.decisioning.server.cluster;
