import uuid

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment, Neighbourhood, User
from .models.verification import french_postcode
from .validators import plain_text


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown publicly next to your contributions. Your email address is never shown."),
    )
    accept_terms = forms.BooleanField(
        label=_("I have read the terms of use and the privacy policy, and I accept them."),
        required=True,
        error_messages={"required": _("You must accept the terms of use to create an account.")},
    )

    field_order = ["email", "display_name", "password1", "password2", "accept_terms"]

    def save(self, request):
        from .services.accounts import record_signup

        user = super().save(request)
        return record_signup(user, display_name=self.cleaned_data["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "first_name", "last_name", "postcode", "neighbourhood"]
        help_texts = {
            "first_name": _("Optional, never shown publicly."),
            "last_name": _("Optional, never shown publicly."),
            "postcode": _("Optional: some consultations are open to the residents of an area."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_verified_resident:
            # The verified area decides eligibility: it changes with a new code or at a desk only.
            for name in ("postcode", "neighbourhood"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Verified area: to change it, enter a new code received by post or visit a desk."
                )

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip().replace(" ", "")
        if postcode:
            french_postcode(postcode)
        return postcode


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted for good."),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"].required = True
        else:
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."))
        return password


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        min_length=5,
        max_length=120,
        help_text=_("In a few words: what do you propose?"),
        validators=[plain_text],
    )
    body = forms.CharField(
        label=_("Description"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; links are made clickable. 5,000 characters at most."),
        validators=[plain_text],
    )
    tags = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=200,
        help_text=_("Optional, separated by commas, e.g. accessibility, family."),
        validators=[plain_text],
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.all(),
        required=False,
        empty_label=_("Whole metropolis"),
    )
    address = forms.CharField(
        label=_("Place or address"), required=False, max_length=255, validators=[plain_text]
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean_tags(self):
        tags = [tag.strip().lower() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > 5:
            raise forms.ValidationError(_("Five keywords at most."))
        if any(len(tag) > 40 for tag in tags):
            raise forms.ValidationError(_("A keyword has 40 characters at most."))
        return tags


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        min_length=2,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[plain_text],
    )
    stance = forms.ChoiceField(
        label=_("Your position"),
        choices=Comment.Stance.choices,
        initial=Comment.Stance.NEUTRAL,
        widget=forms.RadioSelect,
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        # A page gives all its comment forms one key (consultations/views/discussion.py); each
        # reply form's own key derives from it and the comment replied to, so that replies to two
        # threads from one page are two comments, and a double click on one of them is one.
        if cleaned.get("submission_key") and cleaned.get("parent"):
            cleaned["submission_key"] = uuid.uuid5(cleaned["submission_key"], f"reply-to-{cleaned['parent']}")
        return cleaned


class CommentEditForm(forms.Form):
    body = CommentForm.base_fields["body"]
    stance = CommentForm.base_fields["stance"]
