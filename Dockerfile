# walkbot for hosts that run containers. The image serves Slack over HTTP on $PORT (default 3000) and needs
# DATABASE_URL (the embedded database is for laptops). It runs the Procfile's two entry points in order:
# `walkbot migrate` (under a PostgreSQL advisory lock, so replicas that start together migrate once) and
# `walkbot serve`. A platform with a release phase can run `walkbot migrate` there instead; it is then a no-op.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000 \
    WALKBOT_DATA_DIR=/home/walkbot/data

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin walkbot

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY migrations ./migrations
COPY flows ./flows
RUN pip install . && rm -rf /root/.cache

USER walkbot
EXPOSE 3000

# /healthz answers 200 when the database answers, 503 otherwise.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"]

CMD ["sh", "-c", "walkbot migrate && exec walkbot serve"]
