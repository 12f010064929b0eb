/**
 * The OpenAI-compatible API ({@code /openai/v1}): Chat Completions and Models in OpenAI's own wire format, so
 * that every OpenAI SDK and tool talks to chatstream's assistants, with chatstream's storage, limits and
 * authentication (JWTs and personal API keys). docs/openai.md says what is supported and what is refused.
 */
package dev.chatstream.openai;
