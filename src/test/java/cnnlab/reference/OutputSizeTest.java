package cnnlab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The output-size rule of every mode against its closed form.
 *
 * <p>Sweeps input, kernel, padding, stride and dilation over small ranges and compares with the
 * formula written out independently here, then checks the lab's own numbers.
 */
class OutputSizeTest {

    @ParameterizedTest(name = "W={0} F={1} P={2} S={3} -> {4}")
    @CsvSource({
        "5, 3, 0, 1, 3",   // the slides' 5x5 input, 3x3 kernel
        "5, 3, 1, 1, 5",   // padding 1 keeps the size
        "5, 3, 0, 2, 2",   // stride 2 reduces it
        "5, 3, 1, 2, 3",
        "28, 5, 0, 1, 24", // LeNet's first convolution
        "24, 2, 0, 2, 12", // and its pooling
        "32, 5, 0, 1, 28",
    })
    void labFormula(int w, int f, int p, int s, int expected) {
        assertEquals(expected, OutputSize.of(w, f, p, s));
    }

    @Test
    void truncateSweepMatchesFloorFormula() {
        for (int w = 1; w <= 12; w++) {
            for (int f = 1; f <= 5; f++) {
                for (int p = 0; p <= 3; p++) {
                    for (int s = 1; s <= 4; s++) {
                        for (int d = 1; d <= 3; d++) {
                            int eff = f + (f - 1) * (d - 1);
                            int span = w + 2 * p - eff;
                            if (span < 0) {
                                int fw = w, ff = f, fp = p, fs = s, fd = d;
                                assertThrows(IllegalArgumentException.class,
                                        () -> OutputSize.resolve(fw, ff, fp, fp, fs, fd, ConvolutionMode.TRUNCATE));
                                continue;
                            }
                            OutputSize.Axis a = OutputSize.resolve(w, f, p, p, s, d, ConvolutionMode.TRUNCATE);
                            assertEquals(Math.floorDiv(span, s) + 1, a.output(), "W=" + w + " F=" + f + " P=" + p + " S=" + s + " D=" + d);
                            assertEquals(p, a.padBefore());
                            assertEquals(p, a.padAfter());
                        }
                    }
                }
            }
        }
    }

    @Test
    void strictAcceptsOnlyExactSpans() {
        for (int w = 1; w <= 12; w++) {
            for (int f = 1; f <= 5; f++) {
                for (int s = 1; s <= 4; s++) {
                    int span = w - f;
                    int fw = w, ff = f, fs = s;
                    if (span >= 0 && span % s == 0) {
                        assertEquals(span / s + 1, OutputSize.resolve(w, f, 0, 0, s, 1, ConvolutionMode.STRICT).output());
                    } else {
                        assertThrows(IllegalArgumentException.class,
                                () -> OutputSize.resolve(fw, ff, 0, 0, fs, 1, ConvolutionMode.STRICT));
                    }
                }
            }
        }
    }

    @Test
    void sameGivesCeilAndSplitsPaddingWithTheExtraAfter() {
        for (int w = 1; w <= 12; w++) {
            for (int f = 1; f <= 6; f++) {
                for (int s = 1; s <= 4; s++) {
                    for (int d = 1; d <= 3; d++) {
                        OutputSize.Axis a = OutputSize.resolve(w, f, 7, 7, s, d, ConvolutionMode.SAME);
                        int out = (w + s - 1) / s;
                        int eff = f + (f - 1) * (d - 1);
                        int total = Math.max(0, (out - 1) * s + eff - w);
                        assertEquals(out, a.output());
                        assertEquals(total / 2, a.padBefore(), "the given padding 7 is ignored");
                        assertEquals(total - total / 2, a.padAfter());
                        assertTrue(a.padAfter() - a.padBefore() <= 1);
                    }
                }
            }
        }
    }

    @Test
    void causalPadsOnlyBefore() {
        OutputSize.Axis a = OutputSize.resolve(10, 3, 0, 0, 1, 2, ConvolutionMode.CAUSAL);
        assertEquals(4, a.padBefore(), "effective kernel 5, so 4 before");
        assertEquals(0, a.padAfter());
        assertEquals(10, a.output());
        assertEquals(4, OutputSize.resolve(10, 3, 0, 0, 3, 1, ConvolutionMode.CAUSAL).output(), "ceil(10 / 3)");
    }

    @Test
    void effectiveKernelOfDilation() {
        assertEquals(3, OutputSize.effectiveKernel(3, 1));
        assertEquals(5, OutputSize.effectiveKernel(3, 2));
        assertEquals(7, OutputSize.effectiveKernel(3, 3));
        assertEquals(1, OutputSize.effectiveKernel(1, 4));
    }

    @Test
    void kernelLargerThanPaddedInputIsRefusedWithTheSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputSize.of(3, 5, 0, 1));
        assertEquals("kernel 5 is larger than the padded input 3", e.getMessage());
    }
}
