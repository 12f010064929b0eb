#!/usr/bin/env python3
"""What holds the memory in a heap dump (jcmd <pid> GC.heap_dump file.hprof), for the questions a class
histogram cannot answer. No JDK tool reads HPROF files, and the usual analysers are not on Maven Central.

  bench/heap-owners.py dump.hprof arrays char        which fields hold char[] (or byte, int, long), by size
  bench/heap-owners.py dump.hprof referrers CLASS...  which fields and arrays point at instances of CLASS
                                                     (JVM names: java/io/BufferedReader, a/b/Outer$Inner)

Each array is counted once, for the first holder found. Reads HPROF 1.0.2 with 8-byte identifiers (64-bit
HotSpot), several hundred MB in about ten seconds.
"""
import collections
import mmap
import struct
import sys

SIZES = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}  # HPROF basic types; 2 is a reference
ARRAY_TYPES = {'boolean': 4, 'char': 5, 'float': 6, 'double': 7, 'byte': 8, 'short': 9, 'int': 10, 'long': 11}


class Dump:
    def __init__(self, path):
        self.file = open(path, 'rb')
        self.m = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
        self.strings, self.class_names, self.classes = {}, {}, {}
        self.instances, self.object_arrays, self.primitive_arrays = [], [], []
        self._layouts = {}
        self._read()

    def ref(self, at):
        return struct.unpack('>Q', self.m[at:at + 8])[0]

    def u4(self, at):
        return struct.unpack('>I', self.m[at:at + 4])[0]

    def u2(self, at):
        return struct.unpack('>H', self.m[at:at + 2])[0]

    def _read(self):
        m = self.m
        at = m.find(b'\0') + 1
        if self.u4(at) != 8:
            sys.exit('only 8-byte identifiers are supported')
        at += 12
        while at < len(m):
            tag, length, body = m[at], self.u4(at + 5), at + 9
            if tag == 0x01:
                self.strings[self.ref(body)] = m[body + 8:body + length].decode('utf-8', 'replace')
            elif tag == 0x02:
                self.class_names[self.ref(body + 4)] = self.ref(body + 16)
            elif tag in (0x0c, 0x1c):
                self._read_segment(body, body + length)
            at = body + length

    def _read_segment(self, at, end):
        m = self.m
        roots = {0xff: 8, 0x01: 16, 0x02: 16, 0x03: 16, 0x04: 12, 0x05: 8, 0x06: 12, 0x07: 8, 0x08: 16}
        while at < end:
            kind = m[at]
            at += 1
            if kind in roots:
                at += roots[kind]
            elif kind == 0x20:
                cid, superclass = self.ref(at), self.ref(at + 8)
                at += 8 + 4 + 8 * 6 + 4
                constants = self.u2(at)
                at += 2
                for _ in range(constants):
                    at += 3 + SIZES[m[at + 2]]
                statics = self.u2(at)
                at += 2
                for _ in range(statics):
                    at += 9 + SIZES[m[at + 8]]
                fields, count = [], self.u2(at)
                at += 2
                for _ in range(count):
                    fields.append((self.ref(at), m[at + 8]))
                    at += 9
                self.classes[cid] = (superclass, fields)
            elif kind == 0x21:
                size = self.u4(at + 20)
                self.instances.append((self.ref(at), self.ref(at + 12), at + 24))
                at += 24 + size
            elif kind == 0x22:
                count = self.u4(at + 12)
                self.object_arrays.append((self.ref(at), self.ref(at + 16), at + 24, count))
                at += 24 + 8 * count
            elif kind == 0x23:
                count, element = self.u4(at + 12), m[at + 16]
                self.primitive_arrays.append((self.ref(at), element, count))
                at += 17 + count * SIZES[element]
            else:
                sys.exit('unknown heap record %#x' % kind)

    def class_name(self, cid):
        return self.strings.get(self.class_names.get(cid), '?')

    def field_name(self, name_id):
        return self.strings.get(name_id, '?')

    def _layout(self, cid):
        if cid not in self._layouts:
            fields, c = [], cid
            while c in self.classes:
                fields.extend(self.classes[c][1])
                c = self.classes[c][0]
            self._layouts[cid] = fields
        return self._layouts[cid]

    def references(self):
        """Every (holder description, referenced id) pair: instance fields, then object array elements."""
        for oid, cid, at in self.instances:
            for name_id, kind in self._layout(cid):
                if kind == 2:
                    yield lambda c=cid, n=name_id: self.class_name(c) + '.' + self.field_name(n), self.ref(at)
                at += SIZES[kind]
        for oid, cid, at, count in self.object_arrays:
            for i in range(count):
                yield lambda c=cid: self.class_name(c) + '[]', self.ref(at + 8 * i)


def arrays(dump, type_name):
    element = ARRAY_TYPES[type_name]
    lengths = {oid: count for oid, kind, count in dump.primitive_arrays if kind == element}
    size = SIZES[element]
    print('%d %s[] arrays, %.1f MB' % (len(lengths), type_name, sum(lengths.values()) * size / 2 ** 20))
    print('most common lengths:', collections.Counter(lengths.values()).most_common(12))
    held, count, seen = collections.Counter(), collections.Counter(), set()
    for holder, target in dump.references():
        if target in lengths and target not in seen:
            seen.add(target)
            name = holder()
            held[name] += lengths[target] * size
            count[name] += 1
    for name, total in held.most_common(25):
        print('%10.1f KB %8d arrays  %s' % (total / 1024, count[name], name))


def referrers(dump, class_names):
    for wanted in class_names:
        targets = {oid for oid, cid, at in dump.instances if dump.class_name(cid) == wanted}
        found = collections.Counter(holder() for holder, target in dump.references() if target in targets)
        print('%s: %d instances' % (wanted, len(targets)))
        for name, n in found.most_common(10):
            print('%10d  %s' % (n, name))


if __name__ == '__main__':
    if len(sys.argv) < 4 or sys.argv[2] not in ('arrays', 'referrers'):
        sys.exit(__doc__)
    heap = Dump(sys.argv[1])
    if sys.argv[2] == 'arrays':
        arrays(heap, sys.argv[3])
    else:
        referrers(heap, sys.argv[3:])
