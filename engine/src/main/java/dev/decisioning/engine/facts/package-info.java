/** Reading requests strictly: the JSON mapper and number limits every request to the engine goes through. */
package dev.decisioning.engine.facts;
