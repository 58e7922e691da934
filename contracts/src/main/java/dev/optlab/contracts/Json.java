package dev.optlab.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON (and YAML) mapping of every contract record. */
public final class Json {
  public static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());
  public static final ObjectMapper YAML = configure(YAMLMapper.builder().build());

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a record; a malformed or incomplete text raises {@link MalformedRecordException}. */
  public static <T> T read(String text, Class<T> type) {
    if (text == null) {
      throw new MalformedRecordException("record has no value");
    }
    try {
      T value = MAPPER.readValue(text, type);
      if (value instanceof Versioned versioned) {
        versioned.checkComplete();
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new MalformedRecordException(
          "not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  private Json() {}
}
