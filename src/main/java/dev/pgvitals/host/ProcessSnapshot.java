package dev.pgvitals.host;

/**
 * The agent process's own resource use, as every Prometheus client library reports it.
 *
 * @param cpuSeconds user + system CPU time since the process started
 * @param residentBytes resident set size ({@code VmRSS})
 * @param virtualBytes virtual memory size ({@code VmSize})
 * @param openFds open file descriptors (entries of {@code /proc/self/fd})
 * @param maxFds the soft limit on open file descriptors ({@code Max open files}); -1 when unlimited
 */
public record ProcessSnapshot(
    double cpuSeconds, double residentBytes, double virtualBytes, long openFds, long maxFds) {}
