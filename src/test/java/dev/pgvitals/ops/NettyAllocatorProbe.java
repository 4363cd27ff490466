package dev.pgvitals.ops;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;

/**
 * Run by {@link LauncherTest} under the launcher's JVM settings: prints which allocator Vert.x
 * gives its sockets and, when it is Netty's pooled one, how it is sized.
 */
public final class NettyAllocatorProbe {

  private NettyAllocatorProbe() {}

  public static void main(String[] args) {
    ByteBufAllocator sockets = VertxByteBufAllocator.POOLED_ALLOCATOR;
    System.out.println("sockets=" + sockets.getClass().getSimpleName());
    System.out.println("isNettyDefault=" + (sockets == ByteBufAllocator.DEFAULT));
    if (sockets instanceof PooledByteBufAllocator pooled) {
      PooledByteBufAllocatorMetric m = pooled.metric();
      System.out.println("directArenas=" + m.numDirectArenas());
      System.out.println("heapArenas=" + m.numHeapArenas());
      System.out.println("chunkSize=" + m.chunkSize());
      System.out.println("smallCacheSize=" + m.smallCacheSize());
      System.out.println("normalCacheSize=" + m.normalCacheSize());
    }
  }
}
