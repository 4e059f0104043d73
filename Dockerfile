# RoleFit server image: the wheel (content and model inside), on a slim Python, as a non-root user.
# Build:  docker build -t rolefit .      (or: podman build -t rolefit .)
# Run:    docker run --env-file .env -p 8443:8443 rolefit             (webhook replica: set STORE_URL,
#         WEBHOOK_URL, WEBHOOK_SECRET; once per deployment: docker run --env-file .env rolefit set-webhook)

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY bot ./bot
COPY dialogues ./dialogues
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATA_DIR=/var/lib/rolefit \
    PORT=8443 \
    WEBHOOK_LISTEN=0.0.0.0
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/rolefit rolefit
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER rolefit
WORKDIR /var/lib/rolefit
# Check the shipped content and warm the FAQ model's vector cache (DATA_DIR/cache) at build time,
# so a replica is ready in seconds and never computes it at start-up.
RUN rolefit validate && rolefit ask "what does a project manager do" > /dev/null
EXPOSE 8443
ENTRYPOINT ["rolefit"]
CMD ["run"]
