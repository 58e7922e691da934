package dev.optlab.contracts;

/** A Kafka record value: carries a schema version and knows which of its fields are required. */
public interface Versioned {
  int CURRENT_SCHEMA_VERSION = 1;

  int schemaVersion();

  /** Throws {@link MalformedRecordException} naming the first required field that is missing. */
  void checkComplete();

  static void require(Object value, String field, String recordName) {
    if (value == null) {
      throw new MalformedRecordException(recordName + " lacks required field '" + field + "'");
    }
  }

  static void requireVersion(int version, String recordName) {
    if (version < 1 || version > CURRENT_SCHEMA_VERSION) {
      throw new MalformedRecordException(recordName + " has unsupported schemaVersion " + version);
    }
  }
}
