from django.db import models


class TargetQuerySet(models.QuerySet):
    def on(self, target):
        return self.filter(**{self.model.target_field(target): target.pk})


class HasTarget(models.Model):
    """A row that hangs on one of several kinds of object, through one nullable ForeignKey a
    kind (`target_fields`); the concrete model's CheckConstraint makes exactly one of them set."""

    target_fields = ()

    class Meta:
        abstract = True

    @classmethod
    def target_field(cls, target):
        """The column that points at `target`, e.g. "proposal_id"."""
        for name in cls.target_fields:
            field = cls._meta.get_field(name)
            if isinstance(target, field.related_model):
                return field.attname
        raise TypeError(f"A {cls.__name__} cannot hang on a {type(target).__name__}")

    @property
    def target(self):
        for name in self.target_fields:
            if getattr(self, self._meta.get_field(name).attname) is not None:
                return getattr(self, name)
        return None
