# The mlpath API in a container.  docker-compose.yml runs it beside Neo4j;
# alone it serves the bundled curriculum from memory:
#   docker build -t mlpath . && docker run -p 8000:8000 mlpath
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Sources first, then one install at the tested versions (constraints.txt): no build leftovers.
COPY pyproject.toml README.md constraints.txt ./
COPY graph ./graph
COPY recommender ./recommender
COPY api ./api
COPY viz ./viz
COPY seed_data ./seed_data
RUN pip install --constraint constraints.txt . && useradd --system --uid 10001 mlpath

USER mlpath
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
CMD ["mlpath", "serve", "--host", "0.0.0.0", "--port", "8000"]
