/**
 * The language models: the configured providers (each an OpenAI-compatible client of its own, or the built-in demo
 * model), the routing of a request to one of them, and the guarded opening of a stream with per-provider fallback.
 */
package dev.chatstream.models;
