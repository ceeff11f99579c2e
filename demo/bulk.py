"""Bulk inserts that keep the dates the seed chose and know the primary keys they made."""

from contextlib import contextmanager

ROW_BATCH_SIZE = 5000


@contextmanager
def stored_timestamps(*models):
    """Let bulk inserts keep the dates the seed chose instead of auto_now(_add)'s "now"."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def insert(model, objects, *, key=None):
    """bulk_create `objects` and return them. With `key`, a field whose values tell them apart,
    read back the primary keys the backend did not return (PostgreSQL and SQLite ≥ 3.35 return
    them, others do not)."""
    model.objects.bulk_create(objects, batch_size=ROW_BATCH_SIZE)
    missing = [obj for obj in objects if obj.pk is None] if key else []
    if missing:
        pks = dict(
            model.objects.filter(
                **{f"{key}__in": [getattr(obj, key) for obj in missing]}
            ).values_list(key, "pk")
        )
        for obj in missing:
            obj.pk = pks[getattr(obj, key)]
    return objects
