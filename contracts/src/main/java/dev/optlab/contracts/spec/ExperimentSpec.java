package dev.optlab.contracts.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * An experiment as a user writes it: {@code base} settings shared by every run, an optional list of
 * {@code runs} (each overriding parts of the base) and an optional {@code grid} of dotted paths to
 * value lists, crossed with every run. See {@link GridExpander}.
 */
public record ExperimentSpec(
    @NotBlank
        @Pattern(
            regexp = "[a-z0-9][a-z0-9-]{0,39}",
            message =
                "must be 1-40 lower-case letters, digits or '-', starting with a letter or digit")
        String name,
    String description,
    ObjectNode base,
    @Size(max = 64, message = "at most 64 runs") List<ObjectNode> runs,
    Map<String, List<JsonNode>> grid) {}
