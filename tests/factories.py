import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from consultations.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"citoyen{n}@exemple.fr")
    display_name = factory.Sequence(lambda n: f"Citoyen {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """Users have a verified primary address unless built with verified_email=False."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)
        if create:
            self.save()

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))
