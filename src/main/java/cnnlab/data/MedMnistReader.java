package cnnlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a MedMNIST {@code .npz} archive into {@link ImageSet}s, in plain Java, and checks it
 * strictly.
 *
 * <p><b>The layout</b> (MedMNIST v2/v3, written by NumPy's {@code savez}/{@code savez_compressed}):
 * a zip archive of six {@code .npy} arrays (see {@link NpyArray}), {@code train_images},
 * {@code train_labels}, {@code val_images}, {@code val_labels}, {@code test_images} and
 * {@code test_labels}. Images are {@code uint8}, shaped {@code (N, H, W)} for grey images or
 * {@code (N, H, W, 3)} for colour ones (the channels interleaved, as in a PNG); labels are integers,
 * shaped {@code (N, 1)} with one class per image, or {@code (N, K)} of 0/1 for a multi-label set
 * (ChestMNIST, K = 14). The file's own validation split is used as it is.
 *
 * <p><b>Why not ND4J.</b> {@code Nd4j.createFromNpzFile} (1.0.0-M2.1) reads {@code uint8} arrays
 * correctly from an archive written by {@code np.savez}, but fails on one written by
 * {@code np.savez_compressed} ("Unsupported data type"), refuses boolean arrays, and reads a truncated
 * archive without an error, filling the missing bytes with zeros, or hangs on it (details in
 * {@code docs/medmnist.md}). This reader handles both kinds of archive with {@link ZipFile}, checks
 * every entry's CRC, and keeps the bytes as bytes (one byte per pixel in memory, as for IDX data).
 *
 * <p><b>Checked</b>, each problem one {@link DataFileException} line naming the file (and the array):
 * the file exists and is a complete zip archive; all six arrays are there; each is a plain
 * {@code .npy} array, complete, with an intact CRC; the images are {@code uint8} of a shape above, in
 * C order; the labels are integers; images and labels of a split have the same length; all splits
 * have the same image shape and label width; a multi-label row holds only 0 and 1; a class is in
 * {@code [0, K)}. For one of MedMNIST's datasets ({@link MedMnistInfo}) also: the channels, the
 * number of classes (or labels per image) and every split's size are the published ones, and then a
 * class must be below the published number of classes. For another archive in this layout, the
 * number of classes is the largest label + 1 (at least 2), and a set with more than one label column
 * is multi-label.
 *
 * <p>Colour images are reordered from {@code (H, W, 3)} to {@link ImageSet}'s planar
 * {@code (3, H, W)} once, while reading.
 */
public final class MedMnistReader {

    /** The three splits, in the order of the keys. */
    public static final List<String> SPLITS = List.of("train", "val", "test");

    /** The six arrays a MedMNIST archive holds. */
    public static final List<String> KEYS = List.of("train_images", "train_labels", "val_images", "val_labels",
            "test_images", "test_labels");

    private static final int BUFFER = 1 << 16;

    private MedMnistReader() {
    }

    /**
     * Reads and checks an archive.
     *
     * @param file the {@code .npz} file
     * @param name the dataset's name, for the sets' names ({@code <name>/train}, {@code <name>/validation},
     *        {@code <name>/test})
     * @param info MedMNIST's facts to check the file against, or {@code null} for none
     * @throws DataFileException for the first problem found
     */
    public static LoadedDataset read(Path file, String name, MedMnistInfo info) {
        checkRegularFile(file);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> entries = new LinkedHashMap<>();
            zip.stream().forEach(e -> entries.put(e.getName(), e));
            List<String> missing = new ArrayList<>();
            for (String key : KEYS) {
                if (!entries.containsKey(key + ".npy")) {
                    missing.add(key);
                }
            }
            if (!missing.isEmpty()) {
                List<String> has = entries.keySet().stream().map(k -> k.replaceFirst("\\.npy$", "")).toList();
                throw new DataFileException(file, "missing " + String.join(", ", missing) + ": a MedMNIST .npz holds "
                        + String.join(", ", KEYS) + "; this one holds " + (has.isEmpty() ? "nothing" : String.join(", ", has)));
            }
            for (String key : KEYS) {
                arrays.put(key, array(zip, entries.get(key + ".npy"), file, key));
            }
        } catch (ZipException e) {
            throw new DataFileException(file, "not a complete .npz (zip) archive (" + e.getMessage() + "): truncated, or not "
                    + "an .npz file; download it again (data/fetch-medmnist.sh checks the MD5)", e);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "not found", e);
        } catch (AccessDeniedException e) {
            throw new DataFileException(file, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e, e);
        }
        return assemble(file, name, info, arrays);
    }

    /**
     * The MD5 of a file as lower-case hex, to compare with {@link MedMnistInfo#md5()}.
     *
     * @throws DataFileException if it cannot be read
     */
    public static String md5(Path file) {
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER),
                MessageDigest.getInstance("MD5"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NpyArray array(ZipFile zip, ZipEntry entry, Path file, String key) throws IOException {
        try (CheckedInputStream in = new CheckedInputStream(new BufferedInputStream(zip.getInputStream(entry), BUFFER),
                new CRC32())) {
            NpyArray a;
            try {
                a = NpyArray.read(in);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(file, key + ": " + e.getMessage(), e);
            }
            if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc()) {
                throw new DataFileException(file, key + ": corrupt (CRC-32 " + Long.toHexString(in.getChecksum().getValue())
                        + ", the archive says " + Long.toHexString(entry.getCrc()) + "); download the file again");
            }
            return a;
        } catch (ZipException | EOFException e) {
            throw new DataFileException(file, key + ": corrupt compressed data (" + e.getMessage() + "); download the file again", e);
        }
    }

    /** The checked shape of one split. */
    private record Split(String split, int n, int channels, int rows, int cols, int labelWidth) {
    }

    private static LoadedDataset assemble(Path file, String name, MedMnistInfo info, Map<String, NpyArray> arrays) {
        List<Split> splits = new ArrayList<>();
        for (String s : SPLITS) {
            splits.add(shapeOf(file, s, arrays.get(s + "_images"), arrays.get(s + "_labels")));
        }
        Split train = splits.get(0);
        for (Split s : splits.subList(1, 3)) {
            if (s.channels != train.channels || s.rows != train.rows || s.cols != train.cols) {
                throw new DataFileException(file, s.split + "_images are " + shape(s) + " but train_images are " + shape(train)
                        + "; every split must have the same image shape");
            }
            if (s.labelWidth != train.labelWidth) {
                throw new DataFileException(file, s.split + "_labels has " + columns(s.labelWidth) + " but train_labels has "
                        + columns(train.labelWidth));
            }
        }
        if (train.n == 0 || splits.get(2).n == 0) {
            throw new DataFileException(file, (train.n == 0 ? "train" : "test") + "_images holds no images");
        }

        boolean multiLabel;
        if (info != null) {
            String known = "MedMNIST's " + info.name();
            if (train.channels != info.channels()) {
                throw new DataFileException(file, "holds " + (train.channels == 1 ? "grey" : train.channels + "-channel")
                        + " images " + npShape(train) + " but " + known + " has " + (info.channels() == 1 ? "grey images (1 channel)"
                        : "colour images (" + info.channels() + " channels)") + "; is it another dataset?");
            }
            multiLabel = info.task().multiLabel();
            if (multiLabel && train.labelWidth != info.classes()) {
                throw new DataFileException(file, "train_labels has " + columns(train.labelWidth) + " but " + known
                        + " has " + info.classes() + " labels per image (multi-label); is it another dataset?");
            }
            if (!multiLabel && train.labelWidth != 1) {
                throw new DataFileException(file, "train_labels has " + columns(train.labelWidth) + " but " + known
                        + " has one class per image (" + info.task().medMnistName() + "); is it another dataset?");
            }
            int side = MedMnistInfo.sizeOfFileName(file.getFileName().toString());
            if (side != 28 && (train.rows != side || train.cols != side)) {   // MedMNIST+'s NAME_64.npz, _128, _224
                throw new DataFileException(file, "images are " + train.rows + "x" + train.cols + " but the file name promises "
                        + side + "x" + side + " (MedMNIST+'s " + info.name() + "_" + side + "); is it another size's file under this name?");
            }
            int[] published = {info.train(), info.val(), info.test()};
            for (int i = 0; i < 3; i++) {
                if (splits.get(i).n != published[i]) {
                    throw new DataFileException(file, "the " + SPLITS.get(i) + " split has " + splits.get(i).n + " images but "
                            + known + " has " + published[i] + " (MedMNIST's info.py, v3.0.2); another version of the file, or "
                            + "another dataset? data/fetch-medmnist.sh " + info.name() + " fetches the published one");
                }
            }
        } else {
            multiLabel = train.labelWidth > 1;
        }

        int classes = multiLabel ? train.labelWidth : info != null ? info.classes() : inferClasses(file, arrays);
        List<ImageSet> sets = new ArrayList<>();
        for (Split s : splits) {
            int[] labels = labels(file, s, arrays.get(s.split + "_labels"), classes, multiLabel, info);
            byte[] pixels = planar(arrays.get(s.split + "_images").data(), s);
            sets.add(new ImageSet(name + "/" + (s.split.equals("val") ? "validation" : s.split), s.channels, s.rows, s.cols,
                    pixels, labels, classes, multiLabel));
        }
        Task task = info != null ? info.task() : multiLabel ? Task.MULTI_LABEL : Task.singleLabel(classes);
        List<String> names = info != null ? info.labels() : LoadedDataset.numbered(classes);
        return new LoadedDataset(name, sets.get(0), sets.get(1), sets.get(2), task, names);
    }

    private static Split shapeOf(Path file, String split, NpyArray images, NpyArray labels) {
        String ik = split + "_images";
        String lk = split + "_labels";
        if (!images.isUint8()) {
            throw new DataFileException(file, ik + ": dtype " + images.typeName() + ", expected uint8 (|u1) pixels as in MedMNIST");
        }
        long[] s = images.shape();
        boolean grey = s.length == 3;
        boolean colour = s.length == 4 && (s[3] == 3 || s[3] == 1);
        if (!grey && !colour) {
            throw new DataFileException(file, ik + ": shape " + images.shapeText() + ", expected (N, H, W) for grey or "
                    + "(N, H, W, 3) for colour images");
        }
        if (s[1] < 1 || s[2] < 1) {
            throw new DataFileException(file, ik + ": shape " + images.shapeText() + " has no pixels");
        }
        if (images.fortranOrder() && images.elements() > 1) {
            throw new DataFileException(file, ik + ": stored in Fortran (column-major) order; expected C order, as "
                    + "numpy.savez writes an ordinary array");
        }
        if (!labels.isInteger()) {
            throw new DataFileException(file, lk + ": dtype " + labels.typeName() + ", expected integer labels "
                    + "(MedMNIST's are uint8)");
        }
        long[] l = labels.shape();
        if (l.length < 1 || l.length > 2) {
            throw new DataFileException(file, lk + ": shape " + labels.shapeText() + ", expected (N, 1) with one class per "
                    + "image or (N, K) with K 0/1 labels per image");
        }
        if (l[0] != s[0]) {
            throw new DataFileException(file, ik + " holds " + s[0] + " images but " + lk + " holds " + l[0] + " labels "
                    + labels.shapeText() + "; they must pair up one to one");
        }
        int width = l.length == 2 ? (int) l[1] : 1;
        if (width < 1) {
            throw new DataFileException(file, lk + ": shape " + labels.shapeText() + " has no label columns");
        }
        if (labels.fortranOrder() && width > 1 && l[0] > 1) {
            throw new DataFileException(file, lk + ": stored in Fortran (column-major) order; expected C order");
        }
        return new Split(split, (int) s[0], grey ? 1 : (int) s[3], (int) s[1], (int) s[2], width);
    }

    private static int inferClasses(Path file, Map<String, NpyArray> arrays) {
        long max = -1;
        for (String s : SPLITS) {
            NpyArray a = arrays.get(s + "_labels");
            for (long i = 0; i < a.elements(); i++) {
                max = Math.max(max, a.integer(i));
            }
        }
        if (max < 1) {
            throw new DataFileException(file, "every label is " + Math.max(0, max) + ": a classifier needs at least 2 classes");
        }
        if (max >= 10_000) {
            throw new DataFileException(file, "a label is " + max + ": not a class number of an image classifier");
        }
        boolean[] seen = new boolean[(int) max + 1];
        String where = null;
        for (String s : SPLITS) {
            NpyArray a = arrays.get(s + "_labels");
            for (long i = 0; i < a.elements(); i++) {
                long v = a.integer(i);
                if (v >= 0) {
                    seen[(int) v] = true;
                }
                if (v == max && where == null) {
                    where = s + "_labels: label " + max + " of image " + i;
                }
            }
        }
        int missing = 0;
        int firstMissing = -1;
        for (int c = 0; c < seen.length; c++) {
            if (!seen[c]) {
                missing++;
                firstMissing = firstMissing < 0 ? c : firstMissing;
            }
        }
        if (missing > 0) {
            // numbering gaps would silently become classes without images (a stray 200 in a 2-class set: a 201-class model)
            throw new DataFileException(file, where + ", but " + missing + " of the classes 0.." + max + " have no image (the first: "
                    + firstMissing + "); an archive that is not one of MedMNIST's must number its classes 0..K-1 without gaps");
        }
        return (int) max + 1;
    }

    private static int[] labels(Path file, Split s, NpyArray a, int classes, boolean multiLabel, MedMnistInfo info) {
        String key = s.split + "_labels";
        int[] out = new int[Math.toIntExact(a.elements())];
        for (int i = 0; i < out.length; i++) {
            long v = a.integer(i);
            if (multiLabel) {
                if (v != 0 && v != 1) {
                    throw new DataFileException(file, key + ": label " + (i % s.labelWidth) + " of image " + (i / s.labelWidth)
                            + " is " + v + ", expected 0 or 1 (" + s.labelWidth + " labels per image)");
                }
            } else if (v < 0 || v >= classes) {
                throw new DataFileException(file, key + ": label " + v + " of image " + i + " is outside the classes 0.."
                        + (classes - 1) + (info != null ? " (MedMNIST's " + info.name() + " has " + classes + ")" : ""));
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** The pixels in {@link ImageSet}'s planar order: as they are for grey images, (H, W, C) to (C, H, W) for colour. */
    private static byte[] planar(byte[] hwc, Split s) {
        if (s.channels == 1) {
            return hwc;
        }
        int c = s.channels;
        int hw = s.rows * s.cols;
        int per = c * hw;
        byte[] chw = new byte[hwc.length];
        for (int i = 0; i < s.n; i++) {
            int base = i * per;
            for (int p = 0; p < hw; p++) {
                for (int k = 0; k < c; k++) {
                    chw[base + k * hw + p] = hwc[base + p * c + k];
                }
            }
        }
        return chw;
    }

    private static String shape(Split s) {
        return (s.channels == 1 ? "" : s.channels + "x") + s.rows + "x" + s.cols;
    }

    private static String npShape(Split s) {
        return s.channels == 1 ? "(N, " + s.rows + ", " + s.cols + ")" : "(N, " + s.rows + ", " + s.cols + ", " + s.channels + ")";
    }

    private static String columns(int n) {
        return n + (n == 1 ? " column" : " columns");
    }

    private static void checkRegularFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataFileException(file, "is a directory, expected a MedMNIST .npz file");
        }
        if (!Files.exists(file)) {
            throw new DataFileException(file, "not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "is not a regular file, expected a MedMNIST .npz file");
        }
    }
}
