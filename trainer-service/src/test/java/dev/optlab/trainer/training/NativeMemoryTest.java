package dev.optlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
  @Test
  void trimReleasesMemoryFreedBelowTheTrimThreshold() {
    // 64 MB in 32 KB blocks: below glibc's mmap threshold, so they live in the heap arena and
    // stay with the allocator once freed, until malloc_trim gives them back.
    List<Long> blocks = new ArrayList<>();
    for (int i = 0; i < 2048; i++) {
      long address = Native.malloc(32 * 1024);
      new com.sun.jna.Pointer(address).setMemory(0, 32 * 1024, (byte) 1);
      blocks.add(address);
    }
    long pin = Native.malloc(32 * 1024); // above the freed ones: free() alone cannot trim them
    blocks.forEach(Native::free);
    try {
      assertTrue(NativeMemory.releaseFreed(), "glibc's malloc_trim released nothing");
    } finally {
      Native.free(pin);
    }
  }
}
