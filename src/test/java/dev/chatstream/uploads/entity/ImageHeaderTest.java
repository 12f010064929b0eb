package dev.chatstream.uploads.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {

    static byte[] encoded(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, format.equals("gif")
                ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "the JDK writes " + format);
        return out.toByteArray();
    }

    private static ImageHeader read(byte[] file) throws IOException {
        return ImageHeader.read(new ByteArrayInputStream(file));
    }

    private static void assertHeader(ImageFormat format, int width, int height, ImageHeader header) {
        assertEquals(format, header.format());
        assertEquals(width, header.width(), "width");
        assertEquals(height, header.height(), "height");
    }

    @Test
    void magicBytesDecideNotTheName() {
        assertEquals(ImageFormat.PNG, ImageFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, 8).orElseThrow());
        assertEquals(ImageFormat.JPEG, ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, 3).orElseThrow());
        assertEquals(ImageFormat.GIF, ImageFormat.sniff("GIF89a".getBytes(StandardCharsets.US_ASCII), 6).orElseThrow());
        assertEquals(ImageFormat.WEBP, ImageFormat.sniff("RIFF\0\0\0\0WEBP".getBytes(StandardCharsets.US_ASCII), 12).orElseThrow());
        assertTrue(ImageFormat.sniff("RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.US_ASCII), 12).isEmpty(), "a RIFF that is not WebP");
        assertTrue(ImageFormat.sniff("<svg xmlns=".getBytes(StandardCharsets.US_ASCII), 11).isEmpty(), "SVG is not accepted");
        assertTrue(ImageFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N'}, 3).isEmpty(), "too short to be a PNG");

        ImageRefused text = assertThrows(ImageRefused.class,
                () -> read("hello, I am a text file named cat.png\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ImageRefused.Reason.UNSUPPORTED, text.reason());
        assertEquals(ImageRefused.Reason.UNSUPPORTED, assertThrows(ImageRefused.class, () -> read(encoded("bmp", 4, 4))).reason());
    }

    @Test
    void readsPngJpegAndGifSizesFromTheirHeaders() throws IOException {
        assertHeader(ImageFormat.PNG, 640, 480, read(encoded("png", 640, 480)));
        assertHeader(ImageFormat.JPEG, 333, 77, read(encoded("jpg", 333, 77)));
        assertHeader(ImageFormat.GIF, 31, 17, read(encoded("gif", 31, 17)));
    }

    @Test
    void readsProgressiveJpegAndJpegWithExifBeforeTheFrame() throws IOException {
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        }
        byte[] progressive = out.toByteArray();
        assertTrue(contains(progressive, (byte) 0xFF, (byte) 0xC2), "written with a progressive frame header (SOF2)");
        assertHeader(ImageFormat.JPEG, 300, 200, read(progressive));

        // an EXIF segment of 60 KB (a camera's thumbnail) and a comment between the start and the frame
        byte[] baseline = encoded("jpg", 1200, 900);
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        withExif.write(baseline, 0, 2);
        segment(withExif, 0xE1, exif(60_000));
        segment(withExif, 0xFE, "made by a test".getBytes(StandardCharsets.US_ASCII));
        withExif.write(baseline, 2, baseline.length - 2);
        assertHeader(ImageFormat.JPEG, 1200, 900, read(withExif.toByteArray()));
    }

    @Test
    void readsWebPOfEachKind() throws IOException {
        // lossy: frame tag, start code, 14-bit sizes with 2 bits of scale
        ByteBuffer vp8 = le(10).put(new byte[] {0, 0, 0}).put(new byte[] {(byte) 0x9D, 1, 0x2A})
                .putShort((short) (1920 | 0x4000)).putShort((short) 1080);
        assertHeader(ImageFormat.WEBP, 1920, 1080, read(webp("VP8 ", vp8)));
        // lossless: signature, then width-1 and height-1 in 14 bits each
        ByteBuffer vp8l = le(5).put((byte) 0x2F).putInt((4000 - 1) | (3000 - 1) << 14);
        assertHeader(ImageFormat.WEBP, 4000, 3000, read(webp("VP8L", vp8l)));
        // extended: flags, reserved, canvas width-1 and height-1 in 24 bits each
        ByteBuffer vp8x = le(10).put((byte) 0x10).put(new byte[3]).put(int24(20000 - 1)).put(int24(10 - 1));
        assertHeader(ImageFormat.WEBP, 20000, 10, read(webp("VP8X", vp8x)));

        ByteBuffer animated = le(10).put((byte) 0x12).put(new byte[3]).put(int24(99)).put(int24(99));
        ImageRefused refused = assertThrows(ImageRefused.class, () -> read(webp("VP8X", animated)));
        assertTrue(refused.getMessage().contains("Animated"), refused.getMessage());
    }

    @Test
    void refusesAnimatedGifsButNotASingleFrame() throws IOException {
        byte[] one = gif(1);
        assertHeader(ImageFormat.GIF, 8, 6, read(one));
        ImageRefused refused = assertThrows(ImageRefused.class, () -> read(gif(2)));
        assertEquals(ImageRefused.Reason.UNSUPPORTED, refused.reason());
        assertTrue(refused.getMessage().contains("Animated"), refused.getMessage());
    }

    @Test
    void aDecompressionBombIsJudgedByItsHeaderAlone() throws IOException {
        // a PNG that claims 100,000 × 100,000 pixels (40 GB decoded), followed by a stream that must not be read
        ByteBuffer header = ByteBuffer.allocate(33).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})
                .putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).putInt(100_000)
                .put(new byte[] {8, 2, 0, 0, 0}).putInt(0);
        int[] consumed = {0};
        InputStream bomb = new InputStream() {
            @Override
            public int read() {
                return consumed[0] < 33 ? header.get(consumed[0]++) & 0xFF : fail();
            }

            private int fail() {
                throw new AssertionError("read past the header");
            }
        };
        ImageHeader claimed = ImageHeader.read(bomb);
        assertEquals(10_000_000_000L, claimed.pixels());
        assertTrue(consumed[0] <= 24, "only the header was read: " + consumed[0] + " bytes");

        ImageRefused refused = assertThrows(ImageRefused.class, () -> claimed.refuseAbove(50_000_000));
        assertEquals(ImageRefused.Reason.TOO_MANY_PIXELS, refused.reason());
        assertEquals(413, refused.reason().status());
        ImageHeader atTheLimit = read(encoded("png", 10, 10));
        assertEquals(atTheLimit, atTheLimit.refuseAbove(100), "exactly at the limit is accepted");
    }

    @Test
    void refusesTruncatedAndSizelessImages() throws IOException {
        byte[] png = encoded("png", 5, 5);
        assertEquals(ImageRefused.Reason.UNSUPPORTED,
                assertThrows(ImageRefused.class, () -> read(Arrays.copyOf(png, 20))).reason());
        byte[] jpeg = encoded("jpg", 5, 5);
        assertEquals(ImageRefused.Reason.UNSUPPORTED,
                assertThrows(ImageRefused.class, () -> read(Arrays.copyOf(jpeg, 6))).reason());
        byte[] zero = png.clone();
        Arrays.fill(zero, 16, 20, (byte) 0); // width 0
        assertEquals(ImageRefused.Reason.UNSUPPORTED, assertThrows(ImageRefused.class, () -> read(zero)).reason());
    }

    /** A GIF89a of 8 × 6 with a global colour table and {@code frames} images of 1 × 1. */
    private static byte[] gif(int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {8, 0, 6, 0, (byte) 0x80, 0, 0}); // screen, 2-colour table
        out.writeBytes(new byte[6]);
        out.writeBytes(new byte[] {0x21, (byte) 0xFF, 11}); // NETSCAPE2.0 loop extension
        out.writeBytes("NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {3, 1, 0, 0, 0});
        for (int i = 0; i < frames; i++) {
            out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 10, 0, 0, 0}); // graphic control
            out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0}); // image descriptor, 1 × 1
            out.writeBytes(new byte[] {2, 2, 0x44, 0x01, 0}); // LZW data
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    private static byte[] webp(String chunk, ByteBuffer payload) {
        byte[] data = Arrays.copyOf(payload.array(), payload.position());
        ByteBuffer file = le(20 + data.length).put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + data.length)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunk.getBytes(StandardCharsets.US_ASCII))
                .putInt(data.length).put(data);
        return file.array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] int24(int value) {
        return new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16)};
    }

    private static byte[] exif(int size) {
        byte[] data = new byte[size];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 0, data, 0, 6);
        Arrays.fill(data, 6, size, (byte) 0xFF); // marker-like bytes inside a segment must be skipped, not read
        return data;
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] data) {
        out.write(0xFF);
        out.write(marker);
        out.write((data.length + 2) >> 8);
        out.write((data.length + 2) & 0xFF);
        out.writeBytes(data);
    }

    private static boolean contains(byte[] data, byte a, byte b) {
        for (int i = 0; i + 1 < data.length; i++) {
            if (data[i] == a && data[i + 1] == b) {
                return true;
            }
        }
        return false;
    }
}
