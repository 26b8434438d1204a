package cnnlab.train;

import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows an epoch's progress: on a terminal a progress bar (minibatches done, images per second,
 * loss, time left); elsewhere, such as a Slurm log, a plain log line every few minibatches.
 */
final class Progress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final ProgressBar bar;
    private final String task;
    private final int total;
    private final int logEvery;
    private final long started = System.nanoTime();
    /** Minibatches done before this display started (a resumed epoch): not trained in this session's time. */
    private final int first;
    private int done;
    private long images;

    private Progress(ProgressBar bar, String task, int total, int start, int logEvery) {
        this.bar = bar;
        this.task = task;
        this.total = total;
        this.first = start;
        this.done = start;
        this.logEvery = logEvery;
    }

    /** Starts the display of one epoch of {@code total} minibatches, {@code start} of them already done. */
    static Progress start(String task, int total, int start, int logEvery) {
        boolean terminal = System.console() != null && !"false".equals(System.getProperty("cnnlab.progressBar"));
        ProgressBar bar = null;
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).continuousUpdate().setUnit(" batches", 1).setMaxRenderedLength(110)
                    .startsFrom(start, Duration.ZERO).build();
        }
        return new Progress(bar, task, total, start, logEvery);
    }

    /** Records one minibatch of {@code batchImages} images and the running mean loss. */
    void step(int batchImages, double meanLoss) {
        done++;
        images += batchImages;
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = seconds > 0 ? images / seconds : 0;
        String extra = String.format(Locale.ROOT, "loss %.4f, %.0f img/s", meanLoss, rate);
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(extra);
        } else if (done % logEvery == 0 || done == total) {
            long left = secondsLeft(seconds);
            LOG.info("{} batch {}/{}: {}, {}:{} left", task, done, total, extra, left / 60, String.format("%02d", left % 60));
        }
    }

    /**
     * The time left in the epoch, from the pace of this session: {@code elapsedSeconds} over the
     * minibatches trained since the display started. Minibatches of an earlier session (a resumed run)
     * took none of this session's time, so they do not count.
     */
    long secondsLeft(double elapsedSeconds) {
        double perBatch = elapsedSeconds / Math.max(1, done - first);
        return Math.round(perBatch * (total - done));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
