/**
 * Who is calling: MicroProfile JWT for every API call, plus the locally signed dev tokens that let a
 * newcomer use the embedded default without an identity provider.
 */
package dev.chatstream.auth;
