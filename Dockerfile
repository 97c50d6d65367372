# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# matplotlib (the letter's charts) keeps its font cache in MPLCONFIGDIR: built here once, writable by the user.
ENV MPLCONFIGDIR=/app/var/matplotlib
RUN DJANGO_SETTINGS_MODULE=plie.settings.dev DJANGO_STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput \
    && useradd --system --home /app/var/home plie \
    && mkdir -p /app/var/private /app/var/sauvegardes /app/var/beat /app/var/home /app/local "$MPLCONFIGDIR" \
    && python -c "import matplotlib.font_manager" \
    && chown -R plie /app/var
USER plie
ENV DJANGO_SETTINGS_MODULE=plie.settings.production DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_PRIVATE_ROOT=/app/var/private HOME=/app/var/home
EXPOSE 8000
CMD ["gunicorn", "plie.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
