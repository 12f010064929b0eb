/** The personas that answer: each with its system prompt, greeting, model and context limits, from configuration. */
package dev.chatstream.assistants;
