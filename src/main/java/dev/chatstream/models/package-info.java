/**
 * The language models: one interface for streaming a reply and completing a short text, with the
 * OpenAI-compatible provider (openai-java) and the built-in demo model behind it.
 */
package dev.chatstream.models;
