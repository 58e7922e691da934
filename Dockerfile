# syntax=docker/dockerfile:1.7
# One recipe, one target per image: docker build --target <service> -t optlab/<service> .
# Targets: api-gateway, trainer-service (CPU libtorch), trainer-service-gpu (CUDA libtorch),
# metrics-service, dataset-service, lab-broker (the lab's KRaft Kafka broker).
# The build stage compiles the reactor once; every service image takes its Quarkus JVM layout
# (lib/, app/, quarkus/, quarkus-run.jar) from it and runs as the non-root user 10001.

ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG JAVA_IMAGE=eclipse-temurin:17-jre-jammy

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests -Dspotless.check.skip=true package \
      -pl api-gateway,trainer-service,metrics-service,dataset-service,lab-broker -am

FROM build AS build-gpu
# Without -Dgpu the trainer bundles the CPU libtorch jar; the GPU image downloads CUDA libtorch below.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests -Dspotless.check.skip=true -Dgpu package -pl trainer-service -am

FROM ${JAVA_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 optlab \
 && useradd --system --uid 10001 --gid optlab --home-dir /app --shell /usr/sbin/nologin optlab \
 && mkdir -p /app /var/lib/optlab \
 && chown -R optlab:optlab /app /var/lib/optlab
WORKDIR /app
ENV JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"

FROM runtime AS api-gateway
COPY --from=build --chown=optlab:optlab /src/api-gateway/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=optlab:optlab /src/api-gateway/target/quarkus-app/*.jar /app/
COPY --from=build --chown=optlab:optlab /src/api-gateway/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=optlab:optlab /src/api-gateway/target/quarkus-app/quarkus/ /app/quarkus/
# Services listen on every interface inside a container (LAB_HOST feeds quarkus.http.host).
ENV LAB_HOST=0.0.0.0 \
    GATEWAY_PORT=8080
EXPOSE 8080
USER 10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/q/health/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]

FROM runtime AS metrics-service
COPY --from=build --chown=optlab:optlab /src/metrics-service/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=optlab:optlab /src/metrics-service/target/quarkus-app/*.jar /app/
COPY --from=build --chown=optlab:optlab /src/metrics-service/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=optlab:optlab /src/metrics-service/target/quarkus-app/quarkus/ /app/quarkus/
ENV LAB_HOST=0.0.0.0 \
    METRICS_PORT=8082
EXPOSE 8082
USER 10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8082/q/health/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]

FROM runtime AS dataset-service
COPY --from=build --chown=optlab:optlab /src/dataset-service/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=optlab:optlab /src/dataset-service/target/quarkus-app/*.jar /app/
COPY --from=build --chown=optlab:optlab /src/dataset-service/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=optlab:optlab /src/dataset-service/target/quarkus-app/quarkus/ /app/quarkus/
ENV LAB_HOST=0.0.0.0 \
    DATASET_PORT=8083 \
    LAB_DATASET_DIR=/var/lib/optlab/datasets
RUN mkdir -p /var/lib/optlab/datasets && chown optlab:optlab /var/lib/optlab/datasets
EXPOSE 8083
USER 10001
# Ready only once a dataset is imported: the first import from the official URL takes minutes.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=60 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8083/q/health/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]

FROM runtime AS trainer-base
# libtorch lives in DJL_CACHE_DIR inside the image; the trainer never downloads at run time.
# MALLOC_* settings: measured ~3x fewer page faults and ~25% faster steps (../shared/FACTS.md).
ENV LAB_HOST=0.0.0.0 \
    TRAINER_PORT=8081 \
    TRAINER_THREADS=1 \
    DJL_CACHE_DIR=/opt/djl \
    OPT_OUT_TRACKING=true \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=33554432 \
    MALLOC_TRIM_THRESHOLD_=268435456 \
    LAB_CACHE_DIR=/var/lib/optlab/cache \
    LAB_CHECKPOINT_DIR=/var/lib/optlab/checkpoints \
    JAVA_OPTS="-XX:MaxRAMPercentage=25 -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError"
RUN mkdir -p /opt/djl /var/lib/optlab/cache /var/lib/optlab/checkpoints \
 && chown optlab:optlab /opt/djl /var/lib/optlab/cache /var/lib/optlab/checkpoints
EXPOSE 8081

FROM trainer-base AS trainer-service
COPY --from=build --chown=optlab:optlab /src/trainer-service/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=optlab:optlab /src/trainer-service/target/quarkus-app/*.jar /app/
COPY --from=build --chown=optlab:optlab /src/trainer-service/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=optlab:optlab /src/trainer-service/target/quarkus-app/quarkus/ /app/quarkus/
ENV TRAINER_DEVICE=cpu \
    DJL_OFFLINE=true
USER 10001
# Extracts the CPU libtorch from its jar into DJL_CACHE_DIR now, not at every container start.
RUN java -cp "/app/lib/main/*:/app/app/*" dev.optlab.trainer.training.NativeEngineCheck
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8081/q/health/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$TRAINER_THREADS -Dai.djl.pytorch.num_interop_threads=1 -jar /app/quarkus-run.jar"]

FROM trainer-base AS trainer-service-gpu
# DJL's CUDA 12.8 build of libtorch 2.7.1: needs an NVIDIA driver >= 570 on the host and the
# NVIDIA container toolkit. It is downloaded here, while the image is built (network needed).
ARG PYTORCH_FLAVOR=cu128
COPY --from=build-gpu --chown=optlab:optlab /src/trainer-service/target/quarkus-app/lib/ /app/lib/
COPY --from=build-gpu --chown=optlab:optlab /src/trainer-service/target/quarkus-app/*.jar /app/
COPY --from=build-gpu --chown=optlab:optlab /src/trainer-service/target/quarkus-app/app/ /app/app/
COPY --from=build-gpu --chown=optlab:optlab /src/trainer-service/target/quarkus-app/quarkus/ /app/quarkus/
ENV PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=${PYTORCH_FLAVOR} \
    TRAINER_DEVICE=gpu \
    TRAINER_THREADS=4 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER 10001
RUN DJL_OFFLINE=false java -cp "/app/lib/main/*:/app/app/*" dev.optlab.trainer.training.NativeEngineCheck
ENV DJL_OFFLINE=true
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8081/q/health/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$TRAINER_THREADS -Dai.djl.pytorch.num_interop_threads=1 -jar /app/quarkus-run.jar"]

FROM runtime AS lab-broker
COPY --from=build --chown=optlab:optlab /src/lab-broker/target/lib/ /app/lib/
COPY --from=build --chown=optlab:optlab /src/lab-broker/target/lab-broker-*.jar /app/
ENV KAFKA_LISTEN_HOST=0.0.0.0 \
    KAFKA_ADVERTISED_HOST=kafka \
    KAFKA_PORT=9092 \
    KAFKA_CONTROLLER_PORT=9093 \
    KAFKA_DATA_DIR=/var/lib/kafka \
    JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError"
RUN mkdir -p /var/lib/kafka && chown optlab:optlab /var/lib/kafka
EXPOSE 9092
USER 10001
# BrokerMain writes KAFKA_DATA_DIR/ready once every lab topic exists, and removes it on stop.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=12 \
  CMD test -f /var/lib/kafka/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/app/*:/app/lib/*' dev.optlab.broker.BrokerMain $KAFKA_DATA_DIR $KAFKA_PORT $KAFKA_CONTROLLER_PORT"]
