package io.stategrid.node.cli;

import java.time.Duration;
import java.util.Locale;

/** One line of warm-up progress for a terminal, redrawn in place with a carriage return. */
final class WarmProgressBar {
    static final int WIDTH = 30;

    private WarmProgressBar() {}

    /** {@code [#########.........]  45%  45,000/100,000 rows  3.2 s}; without a total, rows and time only. */
    static String render(String cache, long total, long loaded, Duration elapsed) {
        String time = String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
        if (total < 0) {
            return String.format(Locale.ROOT, "%s [%s] %,d rows  %s", cache, spinner(elapsed), loaded, time);
        }
        double fraction = total == 0 ? 1 : Math.min(1, (double) loaded / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %3d%%  %,d/%,d rows  %s",
                cache,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                Math.round(fraction * 100),
                loaded,
                total,
                time);
    }

    private static String spinner(Duration elapsed) {
        int position = (int) (elapsed.toMillis() / 100 % WIDTH);
        return ".".repeat(position) + "#" + ".".repeat(WIDTH - position - 1);
    }
}
