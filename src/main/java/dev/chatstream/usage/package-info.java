/** What the caller has used: tokens and replies per day and model, computed from stored messages. */
package dev.chatstream.usage;
