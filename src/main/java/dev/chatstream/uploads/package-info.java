/** Images a user uploads once and then shows in messages by id: checked by their bytes, stored, served back. */
package dev.chatstream.uploads;
