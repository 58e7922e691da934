package dev.optlab.dataset.api;

import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.http.ProblemDetail;
import dev.optlab.dataset.DatasetService;
import dev.optlab.dataset.importing.ImportException;
import dev.optlab.dataset.storage.DatasetStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.PathPart;

@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
  private final DatasetService datasets;

  DatasetResource(DatasetService datasets) {
    this.datasets = datasets;
  }

  public record DatasetSummary(
      String name,
      String version,
      Instant importedAt,
      int trainRecords,
      int testRecords,
      DatasetService.ImportStatus lastImport) {}

  public record ImportRequest(String source) {}

  @GET
  public List<DatasetSummary> list() {
    return datasets
        .served()
        .map(
            s ->
                List.of(
                    new DatasetSummary(
                        s.manifest().name(),
                        s.manifest().version(),
                        s.manifest().importedAt(),
                        s.manifest().split(DatasetManifest.TRAIN).records(),
                        s.manifest().split(DatasetManifest.TEST).records(),
                        datasets.importStatus())))
        .orElse(List.of());
  }

  @GET
  @Path("/{name}/manifest")
  public Response manifest(@PathParam("name") String name) {
    return served(name)
        .map(s -> Response.ok(s.manifest()).build())
        .orElseGet(() -> notFound("dataset " + name + " is not imported"));
  }

  @GET
  @Path("/{name}/shards/{id}")
  @Produces({MediaType.APPLICATION_OCTET_STREAM, ProblemDetail.MEDIA_TYPE})
  public Response shard(
      @PathParam("name") String name,
      @PathParam("id") String id,
      @HeaderParam("Range") String range,
      @Context Request request) {
    var served = served(name);
    if (served.isEmpty()) {
      return notFound("dataset " + name + " is not imported");
    }
    var info = served.get().shardInfo(id);
    if (info.isEmpty()) {
      return notFound("dataset " + name + " has no shard " + id);
    }
    EntityTag tag = new EntityTag(info.get().sha256());
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    if (notModified != null) {
      return notModified.tag(tag).build();
    }
    java.nio.file.Path file = served.get().shard(id).orElseThrow();
    long size = info.get().bytes();
    if (range == null) {
      return Response.ok(file, MediaType.APPLICATION_OCTET_STREAM_TYPE)
          .tag(tag)
          .header("Accept-Ranges", "bytes")
          .build();
    }
    return ByteRange.parse(range, size)
        .map(
            r ->
                Response.status(206)
                    .entity(new PathPart(file, r.first(), r.length()))
                    .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .tag(tag)
                    .header("Accept-Ranges", "bytes")
                    .header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size)
                    .build())
        .orElseGet(
            () ->
                Response.status(416)
                    .type(ProblemDetail.MEDIA_TYPE)
                    .header("Content-Range", "bytes */" + size)
                    .entity(
                        ProblemDetail.of(
                            416, "Range not satisfiable", "'" + range + "' for " + size + " bytes"))
                    .build());
  }

  @POST
  @Path("/{name}/import")
  public Response importDataset(@PathParam("name") String name, ImportRequest body) {
    if (!Cifar10.NAME.equals(name)) {
      return notFound("only cifar10 can be imported");
    }
    if (body == null || body.source() == null || body.source().isBlank()) {
      return problem(400, "Bad import request", "give a source: a folder, a tarball path or a URL");
    }
    try {
      return Response.ok(datasets.importFrom(body.source())).build();
    } catch (ImportException e) {
      return problem(422, "Import rejected", e.getMessage());
    }
  }

  private java.util.Optional<DatasetStore.Served> served(String name) {
    return datasets.served().filter(s -> s.manifest().name().equals(name));
  }

  private static Response notFound(String detail) {
    return problem(404, "Not found", detail);
  }

  private static Response problem(int status, String title, String detail) {
    return Response.status(status)
        .type(ProblemDetail.MEDIA_TYPE)
        .entity(ProblemDetail.of(status, title, detail))
        .build();
  }
}
