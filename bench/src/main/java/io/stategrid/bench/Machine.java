package io.stategrid.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the figures were measured on, and how loaded it was. */
final class Machine {
    private Machine() {}

    /** Cores, CPU, memory, OS, Java and Redis versions, then {@code more} (", Redisson 3.52", or ""). */
    static String describe(String more) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown CPU");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst()
                .orElse(0L);
        Process redis = new ProcessBuilder("redis-server", "--version")
                .redirectErrorStream(true)
                .start();
        String redisVersion = new String(redis.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll(".*v=([0-9.]+).*\\s*", "$1")
                .trim();
        return String.format(
                Locale.ROOT,
                "%d cores (%s), %.0f GiB, %s %s, Java %s, Redis %s%s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                memKb / 1024.0 / 1024.0,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                Runtime.version(),
                redisVersion,
                more);
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
