/**
 * Personal API keys: static bearer secrets ({@code cs_…}) for tools that cannot fetch a JWT, created, listed and
 * revoked by their owner with a JWT, acting as that owner. Only a SHA-256 digest of a key is stored
 * (docs/configuration.md, "API keys").
 */
package dev.chatstream.apikeys;
