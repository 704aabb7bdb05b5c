from forum.errors import database_unavailable, is_database_outage


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a 503 page that asks the client to retry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        return database_unavailable()
