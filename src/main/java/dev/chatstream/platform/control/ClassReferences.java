package dev.chatstream.platform.control;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * The classes a compiled class names in its constant pool (JVMS §4.4): what the JVM resolves, through the
 * class's loader, the first time the code that names them runs.
 */
final class ClassReferences {

    private ClassReferences() {
    }

    /** The binary names ({@code java.lang.String}, {@code [Ljava.lang.String;}) of the classes named in a class file. */
    static Set<String> of(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] texts = new String[count];
        int[] classes = new int[count];
        int named = 0;
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts[i] = in.readUTF();
                case 7 -> classes[named++] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < named; i++) {
            names.add(texts[classes[i]].replace('/', '.'));
        }
        return names;
    }
}
