/** Reading request bodies as JSON with bounded, exact numbers and naming the field at fault. */
package dev.decisioning.engine.request;
