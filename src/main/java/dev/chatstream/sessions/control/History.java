package dev.chatstream.sessions.control;

import dev.chatstream.sessions.entity.Message;
import dev.chatstream.uploads.entity.ImageInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A page of the branch a session shows; {@code siblings} lists, for each of its messages that has alternatives
 * (made by regenerating or editing), all of them in the order they were made, itself included; {@code images}, the
 * images of each user's message that shows any.
 */
public record History(Page<Message> page, Map<UUID, List<UUID>> siblings, Map<UUID, List<ImageInfo>> images) {

    public History {
        siblings = Map.copyOf(siblings);
        images = Map.copyOf(images);
    }
}
