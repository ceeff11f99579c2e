"""The names of the staff groups, in French, the admin's language: migrations create and rename
them, the demo and the tests find them by these names."""

MODERATORS = "Modération"
EDITORS = "Rédaction"
ELECTED_OFFICIALS = "Élus"

# Wagtail's default workflow and its task, created by its own migration as "Moderators approval".
PAGE_REVIEW = "Relecture par la modération"
