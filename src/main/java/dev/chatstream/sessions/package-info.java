/** Conversations and their messages: what is kept, who owns it, and how a reply's life is recorded. */
package dev.chatstream.sessions;
