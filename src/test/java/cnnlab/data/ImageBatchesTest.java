package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.junit.jupiter.api.Test;

import cnnlab.train.ImageBatches;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Minibatches: shapes, one-hot labels, the per-epoch order, resuming mid-epoch, prefetching. */
class ImageBatchesTest {

    /** 10 images of 2x2 whose pixel bytes encode their index; labels i % 3. */
    private final ImageSet set = Idx.indexed(10, 3);

    @Test
    void shapesOneHotAndTheLastPartialBatch() {
        ImageBatches it = ImageBatches.inOrder(set, 4, Normaliser.none());
        assertEquals(3, it.batchesPerEpoch());
        List<DataSet> batches = epoch(it);
        assertEquals(3, batches.size());
        int[] sizes = batches.stream().mapToInt(DataSet::numExamples).toArray();
        assertArrayEquals(new int[] {4, 4, 2}, sizes, "the last partial batch is kept");
        DataSet last = batches.get(2);
        assertArrayEquals(new long[] {2, 1, 2, 2}, last.getFeatures().shape());
        assertEquals(DataType.FLOAT, last.getFeatures().dataType());
        assertEquals(DataType.FLOAT, last.getLabels().dataType());
        assertArrayEquals(new long[] {2, 3}, last.getLabels().shape());
        // images 8 and 9: labels 2 and 0; pixels the big-endian bytes of 8 and 9
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, last.getLabels().reshape(6).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0, 8, 0, 0, 0, 9}, last.getFeatures().reshape(8).toFloatVector());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void featuresAreNormalisedAndFollowThePermutation() {
        ImageBatches it = ImageBatches.shuffled(set, 3, Normaliser.scale(), 5);
        it.setEpoch(2);
        int[] order = it.permutation(2);
        List<Integer> seen = new ArrayList<>();
        for (DataSet ds : epoch(it)) {
            INDArray f = ds.getFeatures();
            for (int k = 0; k < ds.numExamples(); k++) {
                int index = Math.round(f.getFloat(k, 0, 1, 1) * 255);
                assertEquals(index / 255f, f.getFloat(k, 0, 1, 1), 1e-7);
                assertEquals(index % 3, ds.getLabels().getRow(k).argMax().getInt(0));
                assertEquals(1f, ds.getLabels().getRow(k).sumNumber().floatValue());
                seen.add(index);
            }
        }
        assertEquals(IntStream.of(order).boxed().collect(Collectors.toList()), seen);
    }

    @Test
    void eachEpochHasItsOwnSeededPermutation() {
        ImageBatches a = ImageBatches.shuffled(set, 3, Normaliser.none(), 11);
        for (int e = 0; e < 3; e++) {
            List<Integer> expected = IntStream.range(0, 10).boxed().collect(Collectors.toList());
            Collections.shuffle(expected, new Random(11 + e));
            assertEquals(expected, IntStream.of(a.permutation(e)).boxed().collect(Collectors.toList()));
        }
        assertNotEquals(IntStream.of(a.permutation(0)).boxed().toList(), IntStream.of(a.permutation(1)).boxed().toList());

        // Independent of ND4J's generator and of the path taken to reach an epoch.
        Nd4j.getRandom().setSeed(1);
        List<List<Integer>> viaReset = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            viaReset.add(indices(epoch(a)));
            a.reset();
        }
        assertEquals(3, a.epoch());
        Nd4j.getRandom().setSeed(999);
        ImageBatches b = ImageBatches.shuffled(set, 3, Normaliser.none(), 11);
        for (int e = 2; e >= 0; e--) {
            b.setEpoch(e);
            assertEquals(viaReset.get(e), indices(epoch(b)));
        }
    }

    @Test
    void skippingBatchesResumesExactly() {
        ImageBatches full = ImageBatches.shuffled(set, 3, Normaliser.none(), 3);
        full.setEpoch(4);
        List<List<Integer>> all = new ArrayList<>();
        for (DataSet ds : epoch(full)) {
            all.add(indices(List.of(ds)));
        }
        for (int n = 0; n <= all.size() + 1; n++) {
            ImageBatches resumed = ImageBatches.shuffled(set, 3, Normaliser.none(), 3);
            resumed.setEpoch(4);
            resumed.skipBatches(n);
            assertEquals(Math.min(n, all.size()), resumed.batchesDone());
            List<List<Integer>> rest = new ArrayList<>();
            for (DataSet ds : epoch(resumed)) {
                rest.add(indices(List.of(ds)));
            }
            assertEquals(all.subList(Math.min(n, all.size()), all.size()), rest, "after skipping " + n);
        }
        assertThrows(IllegalArgumentException.class, () -> full.skipBatches(-1));
    }

    @Test
    void inOrderEpochsRepeat() {
        ImageBatches it = ImageBatches.inOrder(set, 4, Normaliser.none());
        List<Integer> first = indices(epoch(it));
        assertEquals(IntStream.range(0, 10).boxed().toList(), first);
        it.reset();
        assertEquals(1, it.epoch());
        assertEquals(first, indices(epoch(it)));
    }

    @Test
    void dataSetIteratorContract() {
        ImageBatches it = new ImageBatches(set, 4, Normaliser.scale(), true, 1);
        assertEquals(4, it.inputColumns());
        assertEquals(3, it.totalOutcomes());
        assertEquals(List.of("0", "1", "2"), it.getLabels());
        assertTrue(it.asyncSupported());
        assertTrue(it.resetSupported());
        assertEquals(4, it.batch());
        assertEquals(7, it.next(7).numExamples());
        assertEquals(3, it.next(7).numExamples());
        it.setPreProcessor(ds -> ds.getFeatures().muli(0));
        it.reset();
        assertEquals(0.0, it.next().getFeatures().sumNumber().doubleValue());
        assertThrows(IllegalArgumentException.class, () -> new ImageBatches(set, 0, Normaliser.none(), false, 0));
        ImageBatches empty = ImageBatches.inOrder(set.first(0), 4, Normaliser.none());
        assertFalse(empty.hasNext());
        assertEquals(0, empty.batchesPerEpoch());
    }

    @Test
    void theSampleInBatchesOf64() {
        ImageSet train = DatasetCatalog.resolve("mnist-sample", Path.of("")).loadTrain();
        ImageBatches it = ImageBatches.shuffled(train, 64, Normaliser.fit(Normalisation.STANDARDIZE, train), 1);
        assertEquals(125, it.batchesPerEpoch());
        int batches = 0;
        int images = 0;
        int[] counts = new int[10];
        DataSet last = null;
        while (it.hasNext()) {
            last = it.next();
            batches++;
            images += last.numExamples();
            INDArray perClass = last.getLabels().sum(0);
            for (int c = 0; c < 10; c++) {
                counts[c] += perClass.getInt(c);
            }
        }
        assertEquals(125, batches);
        assertEquals(7996, images);
        assertEquals(7996 - 124 * 64, last.numExamples());
        assertArrayEquals(train.classCounts(), counts);
        assertArrayEquals(new long[] {60, 1, 28, 28}, last.getFeatures().shape());
    }

    @Test
    void prefetchingGivesTheSameBatches() {
        ImageBatches direct = ImageBatches.shuffled(set, 3, Normaliser.scale(), 8);
        List<List<Integer>> expected = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            direct.setEpoch(e);
            for (DataSet ds : epoch(direct)) {
                expected.add(indices(List.of(ds)));
            }
        }
        AsyncDataSetIterator async = ImageBatches.prefetching(ImageBatches.shuffled(set, 3, Normaliser.scale(), 8), 2);
        try {
            List<List<Integer>> got = new ArrayList<>();
            for (int e = 0; e < 2; e++) {
                while (async.hasNext()) {
                    got.add(indices(List.of(async.next())));
                }
                async.reset();
            }
            assertEquals(expected, got);
            assertEquals(3, async.totalOutcomes());
            assertFalse(async.asyncSupported(), "DL4J does not wrap it a second time");
        } finally {
            async.shutdown();
        }
        assertThrows(IllegalArgumentException.class, () -> ImageBatches.prefetching(direct, 0));
    }

    private static List<DataSet> epoch(ImageBatches it) {
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    /** The image indices in batches of {@link Idx#indexed} images (the last pixel byte; sets of < 256). */
    private static List<Integer> indices(List<DataSet> batches) {
        List<Integer> out = new ArrayList<>();
        for (DataSet ds : batches) {
            INDArray f = ds.getFeatures();
            float scale = f.maxNumber().floatValue() <= 1f ? 255f : 1f;
            for (int k = 0; k < ds.numExamples(); k++) {
                out.add(Math.round(f.getFloat(k, 0, 1, 1) * scale));
            }
        }
        return out;
    }
}
