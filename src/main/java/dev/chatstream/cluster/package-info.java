/**
 * Several servers acting as one service: each reply's events, cancel requests, duplicate sends, users' limits
 * and crashed servers' replies shared through Redis when {@code chatstream.redis.url} is set; on a single
 * server, the in-memory variants and nothing of this.
 */
package dev.chatstream.cluster;
