# kefu's container image: built with the Rust toolchain, run without it.
#
#   docker build -t kefu .
#   docker run -d --name kefu -p 8080:8080 -v kefu-data:/var/lib/kefu kefu
#   docker logs kefu        # the first start prints the administrator's password once
#
# See docs/deploy.md ("Container") for settings, backups and upgrades.

# The toolchain kefu is built and tested with in CI.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
# The registry and target directory stay in BuildKit caches between builds; the binary is
# copied out of the cache mount so that the next stage can take it.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p kefu \
    && install -m 0755 target/release/kefu /usr/local/bin/kefu

# Same Debian release as the build stage, so the binary finds the glibc it was linked with.
FROM debian:bookworm-slim
# curl for the health check only. Versions are not pinned: the image should take Debian's
# security updates whenever it is rebuilt.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 kefu \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/kefu --shell /usr/sbin/nologin kefu \
    && mkdir -p /var/lib/kefu \
    && chown kefu:kefu /var/lib/kefu
COPY --from=build /usr/local/bin/kefu /usr/local/bin/kefu

# Listen on every interface of the container; the database lives on the volume.
ENV KEFU_LISTEN=0.0.0.0:8080 \
    KEFU_DATABASE_URL=sqlite:///var/lib/kefu/kefu.db
VOLUME ["/var/lib/kefu"]
WORKDIR /var/lib/kefu
# Numeric, so that runtimes can tell it is not root without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080
# Liveness: /healthz answers without authentication or database. (Change the port here
# too when KEFU_LISTEN changes it.)
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--show-error", "--output", "/dev/null", "http://127.0.0.1:8080/healthz"]
# kefu stops accepting on SIGTERM and lets requests in flight finish (--shutdown-grace, 10 s);
# give `docker stop` more than that: docker stop --time 15.
STOPSIGNAL SIGTERM
ENTRYPOINT ["kefu"]
CMD ["serve"]
