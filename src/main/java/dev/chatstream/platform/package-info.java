/**
 * What every component relies on but no user asks for by name: the JSON error format, JSON binding,
 * database migrations and the threads that run streams.
 */
package dev.chatstream.platform;
