from django.db import models


class RateCount(models.Model):
    """How many times one user did one action in one window (consultations/ratelimits.py).

    Counted by a single INSERT … ON CONFLICT DO UPDATE, which the database serialises per row:
    simultaneous requests can never count the same action twice nor miss one."""

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate count"
