package dev.chatstream.uploads.entity;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * What an image file says about itself before any pixel: its format, judged by its magic bytes, and its width and
 * height, read from its header. Nothing is decoded, so a small file that would decode to billions of pixels (a
 * decompression bomb) costs no more to judge than any other. A GIF is walked block by block (skipping its data) to
 * count its frames; an animated GIF or WebP is refused.
 */
public record ImageHeader(ImageFormat format, int width, int height) {

    public ImageHeader {
        if (width < 1 || height < 1) {
            throw unsupported("The image has no width or height");
        }
    }

    public long pixels() {
        return (long) width * height;
    }

    /** This header, if its image has at most {@code maxPixels} pixels; refused otherwise, decompression bombs first. */
    public ImageHeader refuseAbove(long maxPixels) {
        if (pixels() > maxPixels) {
            throw new ImageRefused(ImageRefused.Reason.TOO_MANY_PIXELS, null, "An image has at most " + maxPixels
                    + " pixels; this one is " + width + " × " + height);
        }
        return this;
    }

    /** Reads the header from {@code file}, which is left wherever reading stopped. */
    public static ImageHeader read(InputStream file) throws IOException {
        DataInputStream in = new DataInputStream(file);
        byte[] head = new byte[12];
        int length = in.readNBytes(head, 0, head.length);
        ImageFormat format = ImageFormat.sniff(head, length).orElseThrow(() -> unsupported(
                "Only PNG, JPEG, WebP and non-animated GIF images are accepted (judged by the file's content)"));
        try {
            return switch (format) {
                case PNG -> png(head, in);
                case JPEG -> jpeg(head, in);
                case GIF -> gif(head, in);
                case WEBP -> webp(in);
            };
        } catch (EOFException truncated) {
            throw unsupported("The " + format + " image ends before its header does");
        }
    }

    /** The signature (8), then the IHDR chunk: length (4), "IHDR", width (4), height (4). */
    private static ImageHeader png(byte[] head, DataInputStream in) throws IOException {
        byte[] type = new byte[4];
        in.readFully(type);
        if (head[8] != 0 || head[9] != 0 || head[10] != 0 || head[11] != 13
                || type[0] != 'I' || type[1] != 'H' || type[2] != 'D' || type[3] != 'R') {
            throw unsupported("The PNG image does not start with its IHDR chunk");
        }
        return new ImageHeader(ImageFormat.PNG, positive(in.readInt()), positive(in.readInt()));
    }

    /**
     * Segment by segment (skipping APPn such as EXIF, comments and tables) up to the first start-of-frame marker, which
     * holds the size: baseline, extended, progressive and lossless alike.
     */
    private static ImageHeader jpeg(byte[] head, DataInputStream in) throws IOException {
        // head: FF D8 (start of image), then the first marker and 9 bytes already read
        InputStream rest = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head, 2, head.length - 2), in);
        DataInputStream segments = new DataInputStream(rest);
        while (true) {
            int marker = segments.readUnsignedByte();
            if (marker != 0xFF) {
                throw unsupported("The JPEG image has data where a marker belongs");
            }
            while (marker == 0xFF) { // fill bytes
                marker = segments.readUnsignedByte();
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // no length
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw unsupported("The JPEG image has no frame header before its data");
            }
            int length = segments.readUnsignedShort();
            if (length < 2) {
                throw unsupported("The JPEG image has a malformed segment");
            }
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                segments.readUnsignedByte(); // sample precision
                int height = segments.readUnsignedShort();
                int width = segments.readUnsignedShort();
                return new ImageHeader(ImageFormat.JPEG, width, height);
            }
            skip(segments, length - 2);
        }
    }

    /**
     * The logical screen's size, then every block up to the trailer, skipping their data: more than one image is an
     * animation; a frame larger than the screen counts with its own size.
     */
    private static ImageHeader gif(byte[] head, DataInputStream in) throws IOException {
        int width = (head[6] & 0xFF) | (head[7] & 0xFF) << 8;
        int height = (head[8] & 0xFF) | (head[9] & 0xFF) << 8;
        int packed = head[10] & 0xFF;
        // head[11] is the background colour; then the aspect ratio
        in.readUnsignedByte();
        if ((packed & 0x80) != 0) {
            skip(in, 3 * (1 << ((packed & 0x07) + 1)));
        }
        int frames = 0;
        while (true) {
            int block = in.read();
            if (block == -1 || block == 0x3B) {
                break; // trailer (or a missing one, which browsers forgive)
            }
            if (block == 0x21) {
                in.readUnsignedByte(); // label
                skipSubBlocks(in);
            } else if (block == 0x2C) {
                if (++frames > 1) {
                    throw unsupported("Animated GIFs are not accepted: send a single frame");
                }
                skip(in, 4); // left, top
                width = Math.max(width, in.readUnsignedByte() | in.readUnsignedByte() << 8);
                height = Math.max(height, in.readUnsignedByte() | in.readUnsignedByte() << 8);
                int local = in.readUnsignedByte();
                if ((local & 0x80) != 0) {
                    skip(in, 3 * (1 << ((local & 0x07) + 1)));
                }
                in.readUnsignedByte(); // LZW minimum code size
                skipSubBlocks(in);
            } else {
                throw unsupported("The GIF image has an unknown block");
            }
        }
        if (frames == 0) {
            throw unsupported("The GIF image has no image in it");
        }
        return new ImageHeader(ImageFormat.GIF, width, height);
    }

    /** RIFF header (12, read), then the first chunk: VP8 (lossy), VP8L (lossless) or VP8X (extended). */
    private static ImageHeader webp(DataInputStream in) throws IOException {
        byte[] chunk = new byte[4];
        in.readFully(chunk);
        String type = new String(chunk, java.nio.charset.StandardCharsets.US_ASCII);
        skip(in, 4); // chunk size
        switch (type) {
            case "VP8 " -> {
                skip(in, 3); // frame tag
                if (in.readUnsignedByte() != 0x9D || in.readUnsignedByte() != 0x01 || in.readUnsignedByte() != 0x2A) {
                    throw unsupported("The WebP image's VP8 frame has no start code");
                }
                int width = littleEndian(in, 2) & 0x3FFF;
                int height = littleEndian(in, 2) & 0x3FFF;
                return new ImageHeader(ImageFormat.WEBP, width, height);
            }
            case "VP8L" -> {
                if (in.readUnsignedByte() != 0x2F) {
                    throw unsupported("The WebP image's VP8L bitstream has no signature");
                }
                int bits = littleEndian(in, 4);
                return new ImageHeader(ImageFormat.WEBP, (bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
            }
            case "VP8X" -> {
                int flags = in.readUnsignedByte();
                if ((flags & 0x02) != 0) {
                    throw unsupported("Animated WebP images are not accepted: send a single frame");
                }
                skip(in, 3);
                return new ImageHeader(ImageFormat.WEBP, littleEndian(in, 3) + 1, littleEndian(in, 3) + 1);
            }
            default -> throw unsupported("The WebP image starts with an unknown chunk");
        }
    }

    private static int littleEndian(DataInputStream in, int bytes) throws IOException {
        int value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= in.readUnsignedByte() << (8 * i);
        }
        return value;
    }

    private static int positive(int value) {
        return value < 0 ? 0 : value; // PNG sizes are at most 2^31-1; a larger one is malformed
    }

    private static void skipSubBlocks(DataInputStream in) throws IOException {
        for (int size = in.readUnsignedByte(); size != 0; size = in.readUnsignedByte()) {
            skip(in, size);
        }
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        in.skipNBytes(bytes);
    }

    private static ImageRefused unsupported(String message) {
        return new ImageRefused(ImageRefused.Reason.UNSUPPORTED, null, message);
    }
}
