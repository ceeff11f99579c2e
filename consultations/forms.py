from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


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

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip().replace(" ", "")
        if postcode and not (postcode.isdigit() and len(postcode) == 5):
            raise forms.ValidationError(_("A French postcode has five digits, e.g. 69003."))
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
