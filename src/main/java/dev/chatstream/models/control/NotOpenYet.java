package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;

/** A transient failure before a stream's first chunk: the only kind worth retrying. */
public class NotOpenYet extends RuntimeException {

    private final transient ModelFailure failure;

    NotOpenYet(ModelFailure failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }

    public ModelFailure failure() {
        return failure;
    }
}
