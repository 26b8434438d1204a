package cnnlab.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import cnnlab.metrics.MedicalMetrics;

/**
 * Which test images a run's Grad-CAM gallery shows: for every class, the {@code perClass} images of
 * that class the network classified right with the highest probability, and the {@code perClass}
 * images of that class it classified wrong with the highest probability for the (wrong) class it
 * chose. Ties go to the earlier image, so the choice is the same every time. Single-label data only.
 */
public final class GallerySelection {

    /**
     * One chosen image.
     *
     * @param index the image's index in the test set
     * @param trueClass its class
     * @param predicted the class the network chose (the one Grad-CAM explains)
     * @param probability the network's probability of {@code predicted}
     * @param correct whether {@code predicted == trueClass}
     */
    public record Pick(int index, int trueClass, int predicted, double probability, boolean correct) {
    }

    private GallerySelection() {
    }

    /** The picks, class by class: the right ones, then the wrong ones, each most confident first. */
    public static List<Pick> choose(double[][] scores, int[] labels, int perClass) {
        int k = scores.length == 0 ? 0 : scores[0].length;
        List<Pick> all = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            int p = MedicalMetrics.argmax(scores[i]);
            all.add(new Pick(i, labels[i], p, scores[i][p], p == labels[i]));
        }
        Comparator<Pick> surest = Comparator.comparingDouble(Pick::probability).reversed().thenComparingInt(Pick::index);
        List<Pick> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            int cls = c;
            for (boolean correct : new boolean[] {true, false}) {
                all.stream().filter(p -> p.trueClass() == cls && p.correct() == correct).sorted(surest).limit(perClass).forEach(out::add);
            }
        }
        return out;
    }
}
