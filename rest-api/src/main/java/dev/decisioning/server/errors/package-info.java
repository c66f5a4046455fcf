/**
 * The vocabulary of failed calls: the one error envelope every failure answers with, its codes, and the exception
 * handlers throw to choose them. Which failure becomes which status is {@code http.ErrorResponses}'s, the router's
 * failure handler.
 */
package dev.decisioning.server.errors;
