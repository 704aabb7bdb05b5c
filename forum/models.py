from django.db import models


class RateCounter(models.Model):
    """Attempts under one rate-limit key in one fixed window (forum.ratelimit, when there is no Redis)."""

    key = models.CharField(max_length=255, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
