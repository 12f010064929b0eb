package dev.chatstream.sessions.control;

import java.util.List;

/** One page of a longer list; {@code next} continues it, null on the last page. */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return next != null;
    }
}
