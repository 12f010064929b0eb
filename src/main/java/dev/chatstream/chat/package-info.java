/**
 * The main job: one message in, the model's reply streamed out as Server-Sent Events, both sides saved.
 * A generation runs apart from the HTTP connection that asked for it and keeps a log of its events.
 */
package dev.chatstream.chat;
