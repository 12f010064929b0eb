/**
 * The chat page: the browser client in {@code webapp/} and its libraries, served from the WAR with headers
 * that let the browser run nothing but the page's own files.
 */
package dev.chatstream.web;
