# ecsnet as a container: `terraform show -json plan.out | docker run -i --rm ecsnet`, or
# `docker run --rm -v "$PWD:/work" ecsnet infra/`. A static musl binary on an empty base,
# running as an unprivileged user; CA certificates are included for `ecsnet comment github`.
FROM rust:1.95-alpine AS build
# gcc and musl-dev build mimalloc (C), the global allocator.
RUN apk add --no-cache gcc musl-dev ca-certificates
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin ecsnet \
    && strip target/release/ecsnet

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /src/target/release/ecsnet /usr/local/bin/ecsnet
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/ecsnet"]
