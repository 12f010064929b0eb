package dev.chatstream.models.control;

import java.util.List;

/** Where a reply is asked for: the chosen provider and model, then the providers to try, in order, if it cannot start. */
public record Route(Provider provider, String model, List<Provider> fallbacks) {

    public Route {
        fallbacks = List.copyOf(fallbacks);
    }

    /** The model {@code next} answers with when this route falls back to it: the same one if allowed there. */
    public String modelOn(Provider next) {
        return next.modelFor(next.allows(model) ? model : null);
    }
}
