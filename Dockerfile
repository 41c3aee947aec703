# Production image for the klushuis portal: gunicorn serving Django (static files through
# whitenoise); the same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

# The project runs from its source tree in /app (pyproject.toml installs no packages, only the
# dependencies), so PYTHONPATH makes it importable for gunicorn, celery and manage.py alike.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONPATH=/app \
    DJANGO_ENV=production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/private

# Runtime libraries for WeasyPrint (Pango, HarfBuzz, libffi) and fonts for the PDFs. Every
# Python dependency ships a binary wheel, so no compiler or -dev headers are installed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libffi8 \
        shared-mime-info \
        fonts-liberation \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user runs the portal; the code stays owned by root and read-only to it.
RUN groupadd --system --gid 1000 klushuis \
    && useradd --system --uid 1000 --gid klushuis --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin klushuis

WORKDIR /app

# Dependencies first, so that this layer is reused as long as pyproject.toml is unchanged.
COPY pyproject.toml ./
RUN pip install --no-cache-dir . \
    && rm -rf build *.egg-info

COPY . .

# Compile the translation catalogues (Babel: no system gettext needed).
RUN pybabel compile --domain django --directory locale --statistics

# Collect static files with the production storage, so that whitenoise's manifest
# (staticfiles.json with hashed names) exists: production settings refuse to render
# {% static %} without it. The key and host below are placeholders that only satisfy the
# production start-up checks for this one build step; they are not kept in the image's
# environment, and the real DJANGO_SECRET_KEY is given at run time.
RUN DJANGO_SECRET_KEY=build-time-placeholder-for-collectstatic-only-not-a-real-secret-0123456789 \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input

# Upload directories; named volumes mounted here start out with this ownership.
RUN mkdir -p /data/media /data/private \
    && chown -R klushuis:klushuis /data \
    && chmod 750 /data/private

USER klushuis

EXPOSE 8000

CMD ["gunicorn", "klushuis.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
