package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.entity.Attachments;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.sessions.control.UploadNotFound;
import dev.chatstream.uploads.control.Uploads;
import dev.chatstream.uploads.entity.ImageFormat;
import dev.chatstream.uploads.entity.ImageInfo;
import dev.chatstream.uploads.entity.ImageRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/** The images of a chat message: the caller's uploads it names, and the one it carries inline, stored as an upload. */
@ApplicationScoped
public class ImageAttachments {

    @Inject
    Uploads uploads;

    /**
     * The images {@code attachments} name, in order, each checked to be the owner's ({@link UploadNotFound} naming
     * {@code images} otherwise); an inline image is then checked and stored like an upload, and comes last.
     */
    public List<ImageInfo> check(Owner owner, Attachments attachments) {
        List<ImageInfo> images = new ArrayList<>(attachments.count());
        for (var id : attachments.uploads()) {
            images.add(uploads.find(owner, id).orElseThrow(() -> new UploadNotFound(id)).info());
        }
        Attachments.Inline inline = attachments.inline();
        if (inline != null) {
            ImageFormat declared = ImageFormat.ofMediaType(inline.declaredType()).orElseThrow(() -> new ImageRefused(
                    ImageRefused.Reason.UNSUPPORTED, "image_type", "image_type must be image/png, image/jpeg, "
                    + "image/webp or image/gif"));
            images.add(uploads.store(owner, () -> new ByteArrayInputStream(inline.data()), inline.data().length,
                    declared, "image_data").info());
        }
        return images;
    }

    /** Deletes the inline image {@link #check} stored, when its message could not be saved after all. */
    public void forgetInline(Owner owner, Attachments attachments, List<ImageInfo> checked) {
        if (attachments.inline() != null && !checked.isEmpty()) {
            uploads.delete(owner, checked.get(checked.size() - 1).id());
        }
    }

    /** An image as the model receives it. */
    public ModelMessage.Image load(ImageInfo image) {
        return new ModelMessage.Image(uploads.dataUrl(image));
    }
}
