/* What holding the dataset costs before a byte arrives: maps BYTES of fresh anonymous memory and
 * touches every 4 KB page once (the kernel faults and zeroes each), as any process that keeps the
 * fetched shards in memory must, and prints the seconds. curl, writing to /dev/null, never does.
 * Usage: fresh_memory BYTES */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static double seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: fresh_memory BYTES\n");
    return 2;
  }
  size_t bytes = strtoull(argv[1], NULL, 10);
  double started = seconds();
  volatile char *memory =
      mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) {
    perror("mmap");
    return 1;
  }
  for (size_t offset = 0; offset < bytes; offset += 4096) {
    memory[offset] = 1;
  }
  printf("%.4f\n", seconds() - started);
  return 0;
}
