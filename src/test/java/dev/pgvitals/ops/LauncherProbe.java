package dev.pgvitals.ops;

import java.lang.management.ManagementFactory;

/** Stands in for the agent in {@link LauncherTest}: prints what the launcher passed to the JVM. */
public final class LauncherProbe {

  private LauncherProbe() {}

  public static void main(String[] args) {
    System.out.println(
        "jvm=" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    for (String arg : args) {
      System.out.println("arg=" + arg);
    }
  }
}
