/**
 * Who is calling: a bearer token (a JWT, configured with MicroProfile JWT's standard keys) on every API call,
 * verified by the application the same way on every server; the locally signed dev tokens that let a newcomer
 * use the embedded default without an identity provider; stream tickets; how the chat page signs in.
 */
package dev.chatstream.auth;
