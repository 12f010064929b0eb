package dev.chatstream.sessions.entity;

public enum MessageRole { USER, ASSISTANT }
