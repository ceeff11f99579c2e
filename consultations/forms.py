import uuid

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import attachments
from .form_guards import GuardedForm
from .models import Comment, ConsultationPage, ModerationReason, Neighbourhood, User
from .postcodes import PostcodeField
from .validators import plain_text


class SignupForm(GuardedForm, AllauthSignupForm):
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
        field_classes = {"postcode": PostcodeField}
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


class ProposalForm(GuardedForm):
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
    latitude = forms.DecimalField(widget=forms.HiddenInput, required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(widget=forms.HiddenInput, required=False, max_digits=9, decimal_places=6)
    image = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Optional: a JPEG, PNG or WebP photo of 8 MB at most. Its metadata, such as a GPS position, is removed."),
    )
    image_alt = forms.CharField(
        label=_("Short description of the photo"),
        required=False,
        max_length=250,
        validators=[plain_text],
        help_text=_("Required with a photo: what it shows, for people who cannot see it."),
    )
    plan = forms.FileField(
        label=_("Plan"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        help_text=_("Optional: a PDF document of 5 MB at most."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return attachments.clean_image(upload) if upload else None

    def clean_plan(self):
        upload = self.cleaned_data.get("plan")
        return attachments.clean_plan(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt", "").strip():
            self.add_error("image_alt", _("Describe the photo in a few words."))
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            raise forms.ValidationError(_("This place on the map is incomplete: choose it again."))
        if latitude is not None:
            south, west, north, east = settings.PROPOSAL_MAP_BOUNDS
            if not (south <= latitude <= north and west <= longitude <= east):
                raise forms.ValidationError(_("This place is outside the area of the consultations: choose a place nearer."))
        return cleaned

    def clean_tags(self):
        tags = [tag.strip().lower() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > 5:
            raise forms.ValidationError(_("Five keywords at most."))
        if any(len(tag) > 40 for tag in tags):
            raise forms.ValidationError(_("A keyword has 40 characters at most."))
        return tags


class CommentForm(GuardedForm):
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
        # A page gives all its comment forms one key (consultations/fragments/discussion.py); each
        # reply form's own key derives from it and the comment replied to, so that replies to two
        # threads from one page are two comments, and a double click on one of them is one.
        if cleaned.get("submission_key") and cleaned.get("parent"):
            cleaned["submission_key"] = uuid.uuid5(cleaned["submission_key"], f"reply-to-{cleaned['parent']}")
        return cleaned


class CommentEditForm(forms.Form):
    body = CommentForm.base_fields["body"]
    stance = CommentForm.base_fields["stance"]


class BallotForm(forms.Form):
    """A ballot as the voter filled it in: one list of ticked projects (approval, budget) or one
    field a project (for/against: `project-<id>`, points: `points-<id>`).

    The form reads and types what was sent and refuses a form that is not the one served
    (unknown or repeated fields); the vote rules (limits, budget, an empty ballot) stay with
    `cast_ballot`, whose refusals `cast` turns into errors of this form.
    """

    STANCES = {"for": 1, "against": -1, "abstain": 0}
    FIELD_PREFIXES = {
        ConsultationPage.VoteMethod.FOR_AGAINST.value: "project-",
        ConsultationPage.VoteMethod.POINTS.value: "points-",
    }

    def __init__(self, consultation, projects, *, ballot=None, data=None):
        super().__init__(data=data, auto_id="%s")
        self.consultation = consultation
        self.ballot_projects = list(projects)
        self.field_prefix = self.FIELD_PREFIXES.get(consultation.vote_method)
        if self.field_prefix is None:
            self.fields["projects"] = forms.TypedMultipleChoiceField(
                choices=[(project.pk, project.title) for project in self.ballot_projects],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("This ballot names a project that is not on the ballot.")},
            )
        else:
            for project in self.ballot_projects:
                self.fields[self.field_name(project)] = self._project_field(project)
        if ballot is not None:
            self.initial = self._initial(ballot)

    def field_name(self, project):
        return f"{self.field_prefix}{project.pk}"

    def _project_field(self, project):
        if self.field_prefix == "project-":
            return forms.ChoiceField(
                label=project.title,
                choices=[("", _("No answer")), *((stance, stance) for stance in self.STANCES)],
                required=False,
                error_messages={"invalid_choice": _("Answer for, against or abstain.")},
            )
        # The range of one field, as the browser's number input has it; the total is the service's.
        limit = self.consultation.points_per_voter or 0
        out_of_range = ngettext(
            "Give each project from 0 to %(limit)d point.",
            "Give each project from 0 to %(limit)d points.",
            limit,
        ) % {"limit": limit}
        return forms.IntegerField(
            label=project.title,
            required=False,
            min_value=0,
            max_value=limit,
            error_messages={
                "invalid": _("Points are whole numbers."),
                "min_value": out_of_range,
                "max_value": out_of_range,
            },
        )

    def _initial(self, ballot):
        values = {choice.project_id: choice.value for choice in ballot.choices.all()}
        if self.field_prefix is None:
            return {"projects": [pk for pk, value in values.items() if value == 1]}
        if self.field_prefix == "project-":
            stances = {value: stance for stance, value in self.STANCES.items()}
            values = {pk: stances.get(value) for pk, value in values.items()}
        return {self.field_name(project): values.get(project.pk) for project in self.ballot_projects}

    def clean(self):
        cleaned_data = super().clean()
        if self.field_prefix is not None:
            sent = [key for key in self.data if key.startswith(self.field_prefix)]
            if any(key not in self.fields for key in sent):
                raise ValidationError(_("This ballot names a project that is not on the ballot."), code="unknown")
            if any(len(self.data.getlist(key)) > 1 for key in sent):
                raise ValidationError(_("A project appears twice on this ballot."), code="duplicate")
        return cleaned_data

    def choices(self):
        """The (project id, value) pairs `cast_ballot` takes; a project left blank is left out."""
        if self.field_prefix is None:
            return [(pk, 1) for pk in self.cleaned_data["projects"]]
        values = [(project.pk, self.cleaned_data[self.field_name(project)]) for project in self.ballot_projects]
        if self.field_prefix == "project-":
            return [(pk, self.STANCES[stance]) for pk, stance in values if stance]
        return [(pk, points) for pk, points in values if points is not None]

    def cast(self, *, voter):
        """Store the valid ballot of `voter` through `cast_ballot`. Returns the ballot, or None
        when the service refused it: its reason is then an error of this form. PermissionDenied
        is left to the view."""
        from .services.voting import cast_ballot

        try:
            return cast_ballot(
                self.consultation, voter=voter, choices=self.choices(), projects=self.ballot_projects
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None

    def rows(self):
        """Each project with what the form holds for it: what was sent, else the stored ballot."""
        if self.field_prefix is None:
            ticked = {str(pk) for pk in self["projects"].value() or []}
            return [{"project": project, "ticked": str(project.pk) in ticked} for project in self.ballot_projects]
        rows = []
        for project in self.ballot_projects:
            field = self[self.field_name(project)]
            value = field.value()
            rows.append({
                "project": project,
                "field": field,
                "value": value,
                "stance": value if value in self.STANCES else None,
            })
        return rows

    @property
    def field_errors(self):
        """(anchor, project title, message) of each error not about the whole ballot; anchor and
        title are empty for the list of ticked projects."""
        errors = [("", "", error) for error in self.errors.get("projects", [])]
        for project in self.ballot_projects:
            name = self.field_name(project)
            errors += [(name, project.title, error) for error in self.errors.get(name, [])]
        return errors

    @property
    def spent(self):
        return sum(row["project"].cost for row in self.rows() if row.get("ticked"))

    @property
    def points_given(self):
        if self.field_prefix != "points-":
            return 0
        total = 0
        for project in self.ballot_projects:
            name = self.field_name(project)
            try:
                total += self.fields[name].clean(self[name].value()) or 0
            except ValidationError:
                continue
        return total


class ReportForm(GuardedForm):
    reason = forms.ModelChoiceField(
        label=_("Why should the moderators look at it?"),
        queryset=ModerationReason.objects.filter(active=True),
        to_field_name="code",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the reason for your report."),
            "invalid_choice": _("Choose one of the reasons listed."),
        },
    )
    text = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the moderators read them; the author never learns who reported."),
    )
