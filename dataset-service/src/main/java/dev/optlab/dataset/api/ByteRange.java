package dev.optlab.dataset.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One HTTP byte range ({@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}) of a file. */
record ByteRange(long first, long last) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  long length() {
    return last - first + 1;
  }

  /** Empty when the header is malformed, asks for several ranges, or lies outside the file. */
  static Optional<ByteRange> parse(String header, long size) {
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    long first;
    long last;
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0) {
        return Optional.empty();
      }
      first = Math.max(0, size - suffix);
      last = size - 1;
    } else {
      first = Long.parseLong(m.group(1));
      last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
    }
    return first <= last && first < size
        ? Optional.of(new ByteRange(first, last))
        : Optional.empty();
  }
}
