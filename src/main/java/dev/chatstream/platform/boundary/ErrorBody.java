package dev.chatstream.platform.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The one JSON shape of every error answered outside a stream. */
public record ErrorBody(Detail error) {

    @JsonbPropertyOrder({"code", "message", "field"})
    public record Detail(String code, String message, String field) {
    }

    public static ErrorBody of(String code, String message, String field) {
        return new ErrorBody(new Detail(code, message, field));
    }
}
